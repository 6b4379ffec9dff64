import { tuneHeap } from './tune-heap';

describe('tuneHeap', () => {
  it('sets --heap-growing-percent and returns the flag', () => {
    expect(tuneHeap(50)).toBe('--heap-growing-percent=50');
  });

  it('leaves V8 alone for 0', () => {
    expect(tuneHeap(0)).toBeNull();
  });

  it.each([-1, 1.5, Number.NaN])('rejects %s', (p) => {
    expect(() => tuneHeap(p)).toThrow(/heap growing percent/);
  });
});
