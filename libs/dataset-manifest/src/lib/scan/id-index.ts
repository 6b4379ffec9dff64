/** Hashes an id to 32 bits (FNV-1a over UTF-16 units, then murmur3's finaliser). */
export type IdHasher = (id: string) => number;

/** The default {@link IdHasher}. */
export const hashId: IdHasher = (id) => {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
};

/**
 * Remembers every id seen, in 12 bytes per slot instead of one string per row, so a 1 GiB file does
 * not hold a million id strings. It stores a 32-bit hash and the byte offset of the line that
 * introduced the id; a hash match is only a candidate, which the caller confirms by re-reading the
 * earlier line at that offset (rare: about n²/2³³ collisions for n rows).
 */
export class IdIndex {
  private hashes: Uint32Array;
  private offsets: Float64Array;
  private count = 0;

  constructor(
    private readonly hasher: IdHasher = hashId,
    initialCapacity = 1 << 14,
  ) {
    this.hashes = new Uint32Array(initialCapacity);
    this.offsets = new Float64Array(initialCapacity).fill(-1);
  }

  /** Number of ids stored. */
  get size(): number {
    return this.count;
  }

  /** Offsets of earlier lines whose id has the same hash as `id` (usually none). */
  candidates(id: string): { hash: number; offsets: number[] } {
    const hash = this.hasher(id);
    const mask = this.hashes.length - 1;
    const found: number[] = [];
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const off = this.offsets[i] ?? -1;
      if (off < 0) break;
      if (this.hashes[i] === hash) found.push(off);
    }
    return { hash, offsets: found };
  }

  /** Records that the line at `offset` introduced an id with hash `hash`. */
  add(hash: number, offset: number): void {
    if ((this.count + 1) * 4 > this.hashes.length * 3) this.grow();
    this.place(hash, offset);
    this.count += 1;
  }

  private place(hash: number, offset: number): void {
    const mask = this.hashes.length - 1;
    let i = hash & mask;
    while ((this.offsets[i] ?? -1) >= 0) i = (i + 1) & mask;
    this.hashes[i] = hash;
    this.offsets[i] = offset;
  }

  private grow(): void {
    const oldHashes = this.hashes;
    const oldOffsets = this.offsets;
    this.hashes = new Uint32Array(oldHashes.length * 2);
    this.offsets = new Float64Array(oldHashes.length * 2).fill(-1);
    for (let i = 0; i < oldHashes.length; i++) {
      const off = oldOffsets[i] ?? -1;
      if (off >= 0) this.place(oldHashes[i] ?? 0, off);
    }
  }
}
