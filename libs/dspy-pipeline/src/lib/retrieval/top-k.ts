/** One scored document of a search (index of the document, score). */
export interface Bm25Hit {
  doc: number;
  score: number;
}

/** Keeps the k best (score desc, doc asc) in a small binary min-heap. */
export class TopK {
  private readonly heap: Bm25Hit[] = [];
  constructor(private readonly k: number) {}

  private static worse(a: Bm25Hit, b: Bm25Hit): boolean {
    return a.score < b.score || (a.score === b.score && a.doc > b.doc);
  }

  /** Scores below this cannot enter (the current k-th best; -Infinity until k are held). */
  threshold(): number {
    return this.heap.length < this.k ? -Infinity : (this.heap[0] as Bm25Hit).score;
  }

  /** Considers one candidate. */
  offer(doc: number, score: number): void {
    const h = this.heap;
    if (h.length >= this.k) {
      const root = h[0] as Bm25Hit;
      if (score < root.score || (score === root.score && doc > root.doc)) return;
    }
    const item = { doc, score };
    if (h.length < this.k) {
      h.push(item);
      let i = h.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        const hp = h[parent] as Bm25Hit;
        if (!TopK.worse(item, hp)) break;
        h[i] = hp;
        i = parent;
      }
      h[i] = item;
      return;
    }
    const root = h[0] as Bm25Hit;
    if (!TopK.worse(root, item)) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      let mv = item;
      const hl = h[l];
      const hr = h[r];
      if (hl && TopK.worse(hl, mv)) {
        m = l;
        mv = hl;
      }
      if (hr && TopK.worse(hr, mv)) {
        m = r;
        mv = hr;
      }
      if (m === i) break;
      h[i] = mv;
      i = m;
    }
    h[i] = item;
  }

  /** Best first. */
  sorted(): Bm25Hit[] {
    return [...this.heap].sort((a, b) => b.score - a.score || a.doc - b.doc);
  }
}
