import { z } from 'zod';

/** A retrieved chunk with its document's metadata. */
export const passageSchema = z.object({
  /** Chunk id, `<documentId>#<n>`: stable across re-ingestion of the same text. */
  id: z.string().min(1),
  documentId: z.string().min(1),
  title: z.string(),
  text: z.string(),
  score: z.number(),
  tenantId: z.string().min(1),
  /** Character offsets of the chunk in its document. */
  start: z.number().int().min(0),
  end: z.number().int().min(0),
  metadata: z.record(z.string(), z.unknown()),
});

/** A retrieved passage. */
export type Passage = z.infer<typeof passageSchema>;

/** Options of {@link Retriever.retrieve}. */
export interface RetrieveOptions {
  k: number;
  tenantId: string;
  /** Exact-match filter on document metadata fields. */
  filter?: Record<string, string | number | boolean>;
  signal?: AbortSignal;
}

/**
 * One interface for every retriever (embedded BM25/dense, Qdrant). A retriever never
 * returns another tenant's chunks.
 */
export interface Retriever {
  readonly kind: string;
  retrieve(query: string, opts: RetrieveOptions): Promise<Passage[]>;
}
