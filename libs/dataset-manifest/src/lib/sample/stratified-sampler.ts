import { allocateSample, type SampleAllocation } from './allocate-sample';
import { SeededPrng } from './seeded-prng';

/** Where a sampled line is in the file. */
export interface LineRef {
  offset: number;
  length: number;
}

interface Entry extends LineRef {
  key: number;
}

/**
 * One-pass stratified sampling with memory bounded by the cap: every row draws a random key from
 * the seeded PRNG (in file order), and each split keeps only the `cap` rows with the smallest keys.
 * Taking the q smallest keys of a split afterwards is a uniform sample of q rows of that split,
 * whatever q the final split sizes call for.
 */
export class StratifiedSampler {
  private readonly prng: SeededPrng;
  private readonly heaps = new Map<string, Entry[]>();
  private readonly counts = new Map<string, number>();

  constructor(
    seed: string,
    private readonly cap: number,
  ) {
    this.prng = new SeededPrng(seed);
  }

  /** Offers one valid row (called for every row, in file order). */
  offer(split: string, offset: number, length: number): void {
    const key = this.prng.nextFloat();
    this.counts.set(split, (this.counts.get(split) ?? 0) + 1);
    let heap = this.heaps.get(split);
    if (heap === undefined) {
      heap = [];
      this.heaps.set(split, heap);
    }
    const entry = { key, offset, length };
    if (heap.length < this.cap) heapPush(heap, entry);
    else if (before(entry, heap[0] as Entry)) heapReplaceTop(heap, entry);
  }

  /** Chooses the sample: the allocation and the selected lines in file order. */
  select(rate: number): { allocation: SampleAllocation; lines: LineRef[] } {
    const allocation = allocateSample(Object.fromEntries(this.counts), rate, this.cap);
    const lines: LineRef[] = [];
    for (const [split, q] of Object.entries(allocation.perSplit)) {
      const heap = [...(this.heaps.get(split) ?? [])].sort((a, b) => (before(a, b) ? -1 : 1));
      for (const e of heap.slice(0, q)) lines.push({ offset: e.offset, length: e.length });
    }
    lines.sort((a, b) => a.offset - b.offset);
    return { allocation, lines };
  }
}

/** Total order on entries: smaller key first, earlier line on a tie. */
function before(a: Entry, b: Entry): boolean {
  return a.key < b.key || (a.key === b.key && a.offset < b.offset);
}

// Max-heap by `before`: the root is the entry that would be dropped first.
function heapPush(h: Entry[], e: Entry): void {
  h.push(e);
  let i = h.length - 1;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!before(h[p] as Entry, h[i] as Entry)) break;
    [h[p], h[i]] = [h[i] as Entry, h[p] as Entry];
    i = p;
  }
}

function heapReplaceTop(h: Entry[], e: Entry): void {
  h[0] = e;
  for (let i = 0; ;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let m = i;
    if (l < h.length && before(h[m] as Entry, h[l] as Entry)) m = l;
    if (r < h.length && before(h[m] as Entry, h[r] as Entry)) m = r;
    if (m === i) return;
    [h[m], h[i]] = [h[i] as Entry, h[m] as Entry];
    i = m;
  }
}
