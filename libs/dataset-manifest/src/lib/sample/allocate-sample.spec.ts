import { allocateSample } from './allocate-sample';

describe('allocateSample', () => {
  it('is proportional to split sizes', () => {
    const a = allocateSample({ train: 80_000, dev: 10_000, test: 10_000 }, 0.01, 1000);
    expect(a).toEqual({
      total: 1000,
      perSplit: { dev: 100, test: 100, train: 800 },
      capExceededBySplits: false,
    });
    const b = allocateSample({ train: 7_000, dev: 2_000, test: 1_000 }, 0.02, 1000);
    expect(b.perSplit).toEqual({ dev: 40, test: 20, train: 140 });
  });

  it('caps the total at the cap', () => {
    const a = allocateSample({ train: 900_000, dev: 100_000 }, 0.02, 1000);
    expect(a.total).toBe(1000);
    expect(a.perSplit).toEqual({ dev: 100, train: 900 });
  });

  it('gives every non-empty split at least one row and ignores empty ones', () => {
    const a = allocateSample({ train: 99_000, tiny: 3, none: 0 }, 0.01, 1000);
    expect(a.perSplit).toEqual({ tiny: 1, train: 989 });
    expect(a.total).toBe(990);
  });

  it('uses largest remainders and breaks ties by split name', () => {
    const a = allocateSample({ a: 100, b: 100, c: 100 }, 0.01, 1000);
    expect(a.perSplit).toEqual({ a: 1, b: 1, c: 1 });
    const b = allocateSample({ b: 150, a: 150 }, 0.01, 1000);
    expect(b.perSplit).toEqual({ a: 2, b: 1 });
  });

  it('lets the one-per-split rule win when there are more splits than the cap', () => {
    const counts = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`s${i}`, 10]));
    const a = allocateSample(counts, 0.01, 3);
    expect(a.total).toBe(5);
    expect(a.capExceededBySplits).toBe(true);
  });
});
