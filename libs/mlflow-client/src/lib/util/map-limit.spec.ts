import { mapLimit } from './map-limit';

const tick = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('mapLimit', () => {
  it('keeps at most `limit` calls in flight and returns results in input order', async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapLimit([5, 1, 4, 2, 3, 1], 2, async (n) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await tick(n);
      inFlight--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30, 10]);
    expect(peak).toBe(2);
  });

  it('runs one at a time, in order, with limit 1 (and treats limit < 1 as 1)', async () => {
    for (const limit of [1, 0, -3]) {
      const started: number[] = [];
      await mapLimit([1, 2, 3], limit, async (n) => {
        started.push(n);
        await tick(1);
      });
      expect(started).toEqual([1, 2, 3]);
    }
  });

  it('rejects with the first error and starts nothing after it', async () => {
    const started: number[] = [];
    const run = mapLimit([1, 2, 3, 4, 5, 6], 2, async (n) => {
      started.push(n);
      await tick(n === 2 ? 1 : 5);
      if (n === 2) throw new Error('batch 2 failed');
      return n;
    });
    await expect(run).rejects.toThrow('batch 2 failed');
    await tick(20);
    // 1 and 2 start together; 2 fails first, so only 1 (already running) finishes: 3+ never start.
    expect(started).toEqual([1, 2]);
  });
});
