import type { Retriever } from '@cited/dspy-pipeline';
import type { IndexStatus } from './qa-engine';

/**
 * Where passages come from: the embedded index on disk or a Qdrant collection. The engine
 * builds its pipelines on {@link retriever}; readiness asks {@link probe}.
 */
export interface RetrievalBackend {
  readonly kind: IndexStatus['backend'];
  /** True when a query can wait on I/O (a Qdrant server, an embedder), so it can be cancelled. */
  readonly waitsOnIo: boolean;
  /** Stable retriever handed to the pipelines (valid once `init` resolved). */
  readonly retriever: Retriever;
  /** Opens the index; never throws: failures are reported by `status()`. */
  init(): Promise<void>;
  /** Last known status (cheap). */
  status(): IndexStatus;
  /** Live status: the embedded index is static; Qdrant is asked within `timeoutMs`. */
  probe(timeoutMs: number): Promise<IndexStatus>;
  close(): Promise<void>;
}

/** Message of an unknown thrown value, for status reports. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
