import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TraceJournal } from './trace-journal';

describe('TraceJournal', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'journal-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('reads back whole lines in batches by count and size, multi-byte text intact', async () => {
    const j = new TraceJournal(join(dir, 'spool'));
    const lines = Array.from({ length: 25 }, (_, i) =>
      JSON.stringify({ i, text: `Zoë ✓ ${'x'.repeat(i * 1000)}` }),
    );
    for (const l of lines) j.append(l);
    await j.settled();
    expect((await stat(j.file)).mode & 0o777).toBe(0o600);
    const got: string[] = [];
    let at = 0;
    for (;;) {
      const b = await j.read(at, 4, 20_000);
      if (b.lines.length === 0) break;
      expect(b.lines.length).toBeLessThanOrEqual(4);
      got.push(...b.lines);
      at = b.end;
    }
    expect(got).toEqual(lines);
    expect(at).toBe(j.size);
    // A line longer than the byte budget still comes back whole, alone.
    expect((await j.read(0, 10, 1)).lines).toEqual([lines[0]]);
    await j.remove();
  });

  it('copies the unsent tail and removes itself', async () => {
    const j = new TraceJournal(dir);
    ['a', 'b', 'c'].forEach((l) => j.append(l));
    const first = await j.read(0, 1, 1000);
    await j.copyFrom(first.end, join(dir, 'tail.jsonl'));
    expect(await readFile(join(dir, 'tail.jsonl'), 'utf8')).toBe('b\nc\n');
    await j.remove();
    await expect(stat(j.file)).rejects.toThrow();
  });
});
