import type { PipelineKind, QaPipeline } from '@cited/dspy-pipeline';

/** A program artifact that passed schema, version and compatibility checks. */
export interface ParsedProgram {
  name: string;
  /** Content id of the artifact (first 12 hex of its sha256). */
  id: string;
  pipeline: PipelineKind;
  /** Canonical JSON text: what is cached on disk. */
  json: string;
  /** The library's parsed artifact, opaque to the API. */
  artifact: unknown;
  /** Model ids the program calls (logged with every answer). */
  models: string[];
}

/** Outcome of one validation step of a program. */
export interface ValidationCheck {
  name: 'schema' | 'compatibility' | 'dry_run_render' | 'dry_run_llm';
  ok: boolean;
  ms: number;
  message?: string;
}

/** State of the retrieval index. */
export interface IndexStatus {
  ready: boolean;
  /** `embedded` (index on disk) or `qdrant` (`QDRANT_URL`). */
  backend: 'embedded' | 'qdrant';
  chunks: number;
  /** Tenants with documents; null when the backend cannot count them cheaply (Qdrant). */
  tenants: number | null;
  /**
   * `loaded` from disk, `built` at start-up from the bundled corpus, `remote` (a Qdrant
   * collection), or `unavailable`.
   */
  origin: 'loaded' | 'built' | 'remote' | 'unavailable';
  /** Index directory, or the Qdrant collection URL (never credentials). */
  location: string;
  message?: string;
}

/**
 * What the API needs from the pipeline library, in one port. The production implementation
 * is `LibraryQaEngine` (over `@cited/dspy-pipeline`); keeping the port narrow keeps the HTTP
 * layer independent of how programs and indexes are implemented.
 */
export interface QaEngine {
  /** Loads the index (or builds it from the bundled corpus when the index dir is empty). */
  init(): Promise<void>;
  indexStatus(): IndexStatus;
  /** Live index status for readiness (a remote index is asked within `timeoutMs`). */
  probeIndex(timeoutMs: number): Promise<IndexStatus>;
  /** True when an LLM is configured (baseline and dspy can run). */
  readonly llmConfigured: boolean;
  /**
   * True when retrieval can wait on I/O (Qdrant, an embedder): only then can a client going
   * away cancel an extractive answer, so only then is it given an abort signal.
   */
  readonly retrievalWaitsOnIo: boolean;
  /** The LLM model ids (configured), for logs and readiness. */
  readonly llmModels: string[];
  /** The committed default program (extractive), as JSON text. */
  defaultProgramJson(): string;
  /**
   * Parses and checks an artifact: schema and version, compatibility with this code.
   * @throws an error whose message says what is wrong (never the artifact's contents).
   */
  parseProgram(json: string, where: string): ParsedProgram;
  /** Renders the prompts for a canned question and, when an LLM is configured, calls it. */
  dryRun(program: ParsedProgram, timeoutMs: number): Promise<ValidationCheck[]>;
  /** A ready pipeline of `kind` running `program` (baseline/extractive may ignore it). */
  createPipeline(kind: PipelineKind, program: ParsedProgram): QaPipeline;
  /**
   * Releases resources (LLM clients, open files). Nest calls it on the engine provider once the
   * app has shut down, after the program manager stopped polling.
   */
  onApplicationShutdown(): Promise<void>;
}
