import {
  DspyPipelineError,
  ExtractivePipeline,
  extractiveOptionsOf,
  axEmbedder,
  createBaselinePipeline,
  createDspyPipeline,
  createLlmService,
  defaultProgram,
  serializeProgram,
  validateProgramArtifact,
  type AnswerRecorder,
  type LlmConfig,
  type LlmService,
  type PipelineKind,
  type QaPipeline,
  type QaProgram,
  type RetrievalEnvConfig,
} from '@cited/dspy-pipeline';
import { scrubText } from '@cited/pii-scrub';
import { createRetrievalBackend } from './create-retrieval-backend';
import type { IndexStatus, ParsedProgram, ProgramCheckResult, QaEngine } from './qa-engine';
import type { RetrievalBackend } from './retrieval-backend';

/** Settings of {@link LibraryQaEngine}. */
export interface LibraryQaEngineOptions {
  retrieval: RetrievalEnvConfig;
  /** Qdrant collection, used when `retrieval.qdrantUrl` is set. Default `cited`. */
  qdrantCollection?: string;
  llm: LlmConfig | null;
  /** Bundled assets directory (corpus, default program); default: found by the library. */
  assetsDir?: string;
  /** Tests inject an LLM service (e.g. over the stub server); default: from `llm`. */
  llmService?: LlmService;
}

function isQaProgram(v: unknown): v is QaProgram {
  return typeof v === 'object' && v !== null && 'format' in v && 'pipeline' in v;
}

/** `<provider> <host>` of an LLM: what tells endpoints apart, without a path, key or query. */
function endpointOf(config: LlmConfig | null, llm: LlmService): string {
  if (config?.baseUrl === undefined) return config?.provider ?? llm.provider;
  try {
    return `${config.provider} ${new URL(config.baseUrl).host}`;
  } catch {
    return config.provider;
  }
}

/**
 * {@link QaEngine} over `@cited/dspy-pipeline`: the retrieval backend (Qdrant when
 * `QDRANT_URL` is set, else the embedded index loaded from `CITED_INDEX_DIR` or built from the
 * bundled corpus), the Ax LLM service, program parsing and dry runs, and the three pipelines.
 */
export class LibraryQaEngine implements QaEngine {
  private readonly llm: LlmService | null;
  readonly llmConfigured: boolean;
  readonly llmModels: string[];
  readonly llmEndpoint: string | null;
  /** Where passages come from; chosen once from the configuration. */
  readonly backend: RetrievalBackend;

  constructor(private readonly options: LibraryQaEngineOptions) {
    this.llm = options.llmService ?? (options.llm === null ? null : createLlmService(options.llm));
    this.llmConfigured = this.llm !== null;
    this.llmModels = this.llm === null ? [] : [this.llm.model];
    this.llmEndpoint = this.llm === null ? null : endpointOf(options.llm, this.llm);
    const embedModel = options.retrieval.embedModel;
    const embedder =
      embedModel !== undefined && this.llm !== null
        ? axEmbedder(this.llm.ai, embedModel)
        : undefined;
    this.backend = createRetrievalBackend({
      retrieval: options.retrieval,
      qdrantCollection: options.qdrantCollection ?? 'cited',
      ...(embedder === undefined ? {} : { embedder }),
      ...(options.assetsDir === undefined ? {} : { assetsDir: options.assetsDir }),
    });
  }

  /** {@inheritDoc QaEngine.retrievalWaitsOnIo} */
  get retrievalWaitsOnIo(): boolean {
    return this.backend.waitsOnIo;
  }

  private get retriever(): RetrievalBackend['retriever'] {
    return this.backend.retriever;
  }

  async init(): Promise<void> {
    await this.backend.init();
  }

  indexStatus(): IndexStatus {
    return this.backend.status();
  }

  probeIndex(timeoutMs: number): Promise<IndexStatus> {
    return this.backend.probe(timeoutMs);
  }

  defaultProgramJson(): string {
    return serializeProgram(defaultProgram());
  }

  async validateProgram(
    json: string,
    where: string,
    timeoutMs: number,
  ): Promise<ProgramCheckResult> {
    const v = await validateProgramArtifact(json, {
      source: where,
      llm: this.llm,
      requireLlm: true,
      timeoutMs,
    });
    if (!v.ok) return { ok: false, reason: v.reason, checks: v.checks };
    const program = v.program;
    return {
      ok: true,
      checks: v.checks,
      validatedAt: v.validatedAt,
      program: {
        // Validated as a safe identifier; scrubbed all the same, as it is echoed in answers.
        name: scrubText(program.name).text,
        id: program.id,
        pipeline: program.pipeline,
        json,
        artifact: program,
        models: program.llm === null ? [] : [program.llm.model],
      },
    };
  }

  createPipeline(
    kind: PipelineKind,
    program: ParsedProgram,
    recorder?: AnswerRecorder,
  ): QaPipeline {
    const retriever = recorder ? recorder.retriever(this.retriever) : this.retriever;
    const sinks = recorder ? { sinks: recorder.sinks } : {};
    if (kind === 'extractive')
      return new ExtractivePipeline({
        retriever,
        ...(isQaProgram(program.artifact) ? extractiveOptionsOf(program.artifact) : {}),
      });
    if (this.llm === null) {
      throw new DspyPipelineError(
        'incompatible_program',
        `the ${kind} pipeline needs an LLM; none is configured`,
        {
          where: 'CITED_LLM_PROVIDER',
        },
      );
    }
    if (kind === 'baseline') return createBaselinePipeline({ retriever, llm: this.llm, ...sinks });
    if (!isQaProgram(program.artifact)) throw new Error('not a parsed program');
    return createDspyPipeline({ retriever, llm: this.llm, program: program.artifact, ...sinks });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.backend.close();
  }
}
