import type { AnswerRecorder, PipelineKind, ProgramCheck, QaPipeline } from '@cited/dspy-pipeline';

/** A program artifact that passed schema, version and compatibility checks. */
export interface ParsedProgram {
  /** The program's name (validated as an identifier when it was loaded, and scrubbed). */
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

/** Outcome of one validation step of a program (the library's steps, see `validateProgramArtifact`). */
export type ValidationCheck = ProgramCheck;

/** A program that passed every check, or why it did not. */
export type ProgramCheckResult =
  | { ok: true; program: ParsedProgram; checks: ValidationCheck[]; validatedAt: string }
  | { ok: false; reason: string; checks: ValidationCheck[] };

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
  /**
   * The LLM endpoint answers go to, as `<provider> <host>` (never a path, key or query); null
   * without an LLM. Names the circuit breaker in `/readyz` and `/metrics`.
   */
  readonly llmEndpoint: string | null;
  /** The committed default program (extractive), as JSON text. */
  defaultProgramJson(): string;
  /**
   * Validates an artifact as eval-runner does before registering it (`validateProgramArtifact`
   * of the library): size, schema, name, scrub, compatibility with this server (an LLM for the
   * pipelines that need one), dry runs. Never throws; a refusal's reason never quotes the
   * artifact.
   */
  validateProgram(json: string, where: string, timeoutMs: number): Promise<ProgramCheckResult>;
  /**
   * A ready pipeline of `kind` running `program` (baseline/extractive may ignore it). With a
   * `recorder`, the pipeline reports its module events, raw prompts and retrieved passages to
   * it: one answer's pipeline, for its MLflow trace.
   */
  createPipeline(kind: PipelineKind, program: ParsedProgram, recorder?: AnswerRecorder): QaPipeline;
  /**
   * Releases resources (LLM clients, open files). Nest calls it on the engine provider once the
   * app has shut down, after the program manager stopped polling.
   */
  onApplicationShutdown(): Promise<void>;
}
