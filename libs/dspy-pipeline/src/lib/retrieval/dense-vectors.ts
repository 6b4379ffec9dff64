import { TopK, type Bm25Hit } from './top-k';

/** Unit-normalised embedding vectors in one flat matrix (row i = document i). */
export class DenseVectors {
  constructor(
    readonly dimensions: number,
    readonly matrix: Float32Array,
  ) {}

  /** Normalises and packs `vectors` (all of `dimensions` length). */
  static fromVectors(vectors: readonly (readonly number[])[]): DenseVectors {
    const dim = vectors[0]?.length ?? 0;
    const m = new Float32Array(vectors.length * dim);
    vectors.forEach((v, i) => m.set(normalise(v), i * dim));
    return new DenseVectors(dim, m);
  }

  /** The `k` rows most similar (cosine) to `query`, filtered by `accept`. */
  search(query: readonly number[], k: number, accept?: (doc: number) => boolean): Bm25Hit[] {
    const q = normalise(query);
    const dim = this.dimensions;
    const rows = dim ? this.matrix.length / dim : 0;
    const top = new TopK(k);
    for (let r = 0; r < rows; r++) {
      if (accept && !accept(r)) continue;
      let dot = 0;
      const o = r * dim;
      for (let j = 0; j < dim; j++) dot += (this.matrix[o + j] ?? 0) * (q[j] ?? 0);
      top.offer(r, dot);
    }
    return top.sorted();
  }
}

function normalise(v: readonly number[]): Float32Array {
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm) || 1;
  return Float32Array.from(v, (x) => x / norm);
}
