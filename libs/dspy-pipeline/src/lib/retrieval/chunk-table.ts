import type { Chunk } from '../ingest/source-document';
import { BoundedMemo } from './bounded-memo';

/** A document row of a {@link ChunkTable}: what all chunks of one document share. */
export interface ChunkDocument {
  id: string;
  title: string;
  tenantId: string;
  metadata: Record<string, unknown>;
}

/** The columns of a {@link ChunkTable}, as persisted. */
export interface ChunkColumns {
  documents: ChunkDocument[];
  ids: string[];
  /** Row of `documents` for each chunk. */
  docIndex: Uint32Array;
  starts: Uint32Array;
  ends: Uint32Array;
  /** All chunk texts, UTF-8, back to back; chunk i is bytes `textOffsets[i]..textOffsets[i+1]`. */
  textBlob: Buffer;
  textOffsets: Uint32Array;
}

/** Decoded chunk texts kept (≈4 MB for 1 kB chunks). */
const RECENT_TEXTS_MAX = 4096;

/**
 * Chunks stored column-wise: a loaded index never parses or allocates 100,000 chunk objects up
 * front; a chunk is materialised only when it is returned.
 */
export class ChunkTable {
  // Recently returned chunk texts, decoded once: hot chunks come back for many queries, and
  // handing out the same string lets per-text caches downstream (sentence analysis, lexical
  // support) hit on V8's cached string hash instead of hashing a fresh copy each time.
  private readonly recentTexts = new BoundedMemo<number, string>(RECENT_TEXTS_MAX);

  private readonly decodeText = (i: number): string => {
    const o = this.columns.textOffsets;
    return this.columns.textBlob.toString('utf8', o[i] ?? 0, o[i + 1] ?? 0);
  };

  constructor(readonly columns: ChunkColumns) {}

  /** Packs chunks into columns (documents are shared per tenant and document id). */
  static fromChunks(chunks: readonly Chunk[]): ChunkTable {
    const documents: ChunkDocument[] = [];
    const docKey = new Map<string, number>();
    const n = chunks.length;
    const docIndex = new Uint32Array(n);
    const starts = new Uint32Array(n);
    const ends = new Uint32Array(n);
    const textOffsets = new Uint32Array(n + 1);
    let bytes = 0;
    chunks.forEach((c, i) => {
      const key = `${c.tenantId}\u0000${c.documentId}`;
      let d = docKey.get(key);
      if (d === undefined) {
        docKey.set(key, (d = documents.length));
        documents.push({
          id: c.documentId,
          title: c.title,
          tenantId: c.tenantId,
          metadata: c.metadata,
        });
      }
      docIndex[i] = d;
      starts[i] = c.start;
      ends[i] = c.end;
      textOffsets[i] = bytes;
      bytes += Buffer.byteLength(c.text, 'utf8');
    });
    textOffsets[n] = bytes;
    const textBlob = Buffer.allocUnsafe(bytes);
    chunks.forEach((c, i) => textBlob.write(c.text, textOffsets[i] ?? 0, 'utf8'));
    return new ChunkTable({
      documents,
      ids: chunks.map((c) => c.id),
      docIndex,
      starts,
      ends,
      textBlob,
      textOffsets,
    });
  }

  /** Number of chunks. */
  get length(): number {
    return this.columns.ids.length;
  }

  /** The document row of chunk `i`. */
  document(i: number): ChunkDocument | undefined {
    return this.columns.documents[this.columns.docIndex[i] ?? -1];
  }

  /** Text of chunk `i`. */
  text(i: number): string {
    return this.recentTexts.get(i, this.decodeText);
  }

  /** Chunk `i` as an object. */
  get(i: number): Chunk {
    const d = this.document(i);
    return {
      id: this.columns.ids[i] ?? '',
      documentId: d?.id ?? '',
      title: d?.title ?? '',
      text: this.text(i),
      tenantId: d?.tenantId ?? '',
      start: this.columns.starts[i] ?? 0,
      end: this.columns.ends[i] ?? 0,
      metadata: d?.metadata ?? {},
    };
  }
}
