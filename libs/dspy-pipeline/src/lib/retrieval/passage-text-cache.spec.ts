import { PassageTextCache } from './passage-text-cache';

describe('PassageTextCache', () => {
  it('computes once per (title, text) and keeps titles of one text apart', () => {
    const cache = new PassageTextCache<string>(10);
    let calls = 0;
    const f = (v: string) => () => (calls++, v);
    expect(cache.get('A', 'same text', f('a'))).toBe('a');
    expect(cache.get('B', 'same text', f('b'))).toBe('b');
    expect(cache.get('A', 'same text', f('x'))).toBe('a');
    expect(calls).toBe(2);
  });

  it('stays bounded: the oldest text goes first', () => {
    const cache = new PassageTextCache<number>(2);
    let calls = 0;
    const f = (v: number) => () => (calls++, v);
    cache.get('t', 'one', f(1));
    cache.get('t', 'two', f(2));
    cache.get('t', 'three', f(3));
    expect(cache.get('t', 'three', f(-3))).toBe(3);
    expect(cache.get('t', 'two', f(-2))).toBe(2);
    expect(cache.get('t', 'one', f(11))).toBe(11);
    expect(calls).toBe(4);
  });
});
