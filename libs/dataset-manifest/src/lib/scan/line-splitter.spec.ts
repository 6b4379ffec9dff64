import { LineSplitter } from './line-splitter';

function split(chunks: string[], max = 1000) {
  const lines: Array<[number, number, string]> = [];
  const long: Array<[number, number, number]> = [];
  const s = new LineSplitter(
    max,
    (buf, start, end, no, off) => lines.push([no, off, buf.toString('utf8', start, end)]),
    (no, off, len) => long.push([no, off, len]),
  );
  for (const c of chunks) s.push(Buffer.from(c));
  s.end();
  return { lines, long };
}

describe('LineSplitter', () => {
  it('reports lines with their numbers and byte offsets, across chunk boundaries', () => {
    expect(split(['ab\ncd', 'ef\n', '\ngh']).lines).toEqual([
      [1, 0, 'ab'],
      [2, 3, 'cdef'],
      [3, 8, ''],
      [4, 9, 'gh'],
    ]);
  });

  it('skips an over-long line without buffering it and keeps counting', () => {
    const { lines, long } = split(['ok\n', 'x'.repeat(6), 'x'.repeat(6), 'x\nnext\n'], 10);
    expect(long).toEqual([[2, 3, 13]]);
    expect(lines).toEqual([
      [1, 0, 'ok'],
      [3, 17, 'next'],
    ]);
  });

  it('treats a long last line without newline as too long', () => {
    expect(split(['a\n', 'y'.repeat(20)], 10).long).toEqual([[2, 2, 20]]);
  });
});
