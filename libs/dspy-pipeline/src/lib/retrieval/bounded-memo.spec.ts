import { BoundedMemo } from './bounded-memo';

describe('BoundedMemo', () => {
  it('computes a key once and hands the stored value back after', () => {
    const memo = new BoundedMemo<string, string>(10);
    const seen: string[] = [];
    const upper = (k: string) => (seen.push(k), k.toUpperCase());
    expect(memo.get('a', upper)).toBe('A');
    expect(memo.get('b', upper)).toBe('B');
    expect(memo.get('a', () => 'recomputed')).toBe('A');
    expect(seen).toEqual(['a', 'b']);
    expect(memo.size).toBe(2);
  });

  it('keeps falsy values (only undefined is a miss)', () => {
    const memo = new BoundedMemo<number, string>(10);
    let calls = 0;
    const empty = () => (calls++, '');
    expect(memo.get(1, empty)).toBe('');
    expect(memo.get(1, empty)).toBe('');
    expect(calls).toBe(1);
  });

  it('never holds more than its bound: storing past it starts over', () => {
    const memo = new BoundedMemo<number, number>(2);
    const twice = (k: number) => 2 * k;
    memo.get(1, twice);
    memo.get(2, twice);
    expect(memo.size).toBe(2);
    expect(memo.get(3, twice)).toBe(6);
    expect(memo.size).toBe(1);
    // 1 was dropped with the reset: computed again.
    expect(memo.get(1, () => -1)).toBe(-1);
    expect(memo.get(3, () => -3)).toBe(6);
  });
});
