import {
  DspyPipelineError,
  ExtractivePipeline,
  axEmbedder,
  createBaselinePipeline,
  createDspyPipeline,
  createLlmService,
  defaultProgram,
  dryRunProgram,
  parseProgram,
  serializeProgram,
  type DryRunReport,
  type LlmConfig,
  type LlmService,
  type PipelineKind,
  type QaPipeline,
  type QaProgram,
  type RetrievalEnvConfig,
} from '@cited/dspy-pipeline';
import { createRetrievalBackend } from './create-retrieval-backend';
import type { IndexStatus, ParsedProgram, QaEngine, ValidationCheck } from './qa-engine';
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

async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
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
  /** Where passages come from; chosen once from the configuration. */
  readonly backend: RetrievalBackend;

  constructor(private readonly options: LibraryQaEngineOptions) {
    this.llm = options.llmService ?? (options.llm === null ? null : createLlmService(options.llm));
    this.llmConfigured = this.llm !== null;
    this.llmModels = this.llm === null ? [] : [this.llm.model];
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

  parseProgram(json: string, where: string): ParsedProgram {
    const program = parseProgram(json, where);
    return {
      name: program.name,
      id: program.id,
      pipeline: program.pipeline,
      json,
      artifact: program,
      models: program.llm === null ? [] : [program.llm.model],
    };
  }

  async dryRun(program: ParsedProgram, timeoutMs: number): Promise<ValidationCheck[]> {
    if (!isQaProgram(program.artifact)) throw new Error('not a parsed program');
    const artifact = program.artifact;
    const checks: ValidationCheck[] = [];
    const t0 = performance.now();
    let rendered: DryRunReport;
    try {
      rendered = await withTimeout(dryRunProgram(artifact), timeoutMs, 'prompt rendering');
    } catch (error) {
      return [
        {
          name: 'dry_run_render',
          ok: false,
          ms: performance.now() - t0,
          message: error instanceof Error ? error.message : String(error),
        },
      ];
    }
    const empty = rendered.modules.filter((m) => m.messages.length === 0).map((m) => m.module);
    checks.push(
      empty.length === 0
        ? {
            name: 'dry_run_render',
            ok: true,
            ms: performance.now() - t0,
            message: `${rendered.modules.length} prompt(s) rendered`,
          }
        : {
            name: 'dry_run_render',
            ok: false,
            ms: performance.now() - t0,
            message: `no prompt rendered for ${empty.join(', ')}`,
          },
    );
    if (this.llm === null || artifact.pipeline === 'extractive' || empty.length > 0) return checks;
    const t1 = performance.now();
    try {
      const called = await withTimeout(dryRunProgram(artifact, this.llm), timeoutMs, 'LLM dry run');
      const failed = called.modules.find((m) => m.error !== undefined);
      checks.push(
        failed === undefined
          ? { name: 'dry_run_llm', ok: true, ms: performance.now() - t1 }
          : {
              name: 'dry_run_llm',
              ok: false,
              ms: performance.now() - t1,
              message: `${failed.module}: ${failed.error ?? 'failed'}`,
            },
      );
    } catch (error) {
      checks.push({
        name: 'dry_run_llm',
        ok: false,
        ms: performance.now() - t1,
        message: error instanceof Error ? error.message : String(error),
      });
    }
    return checks;
  }

  createPipeline(kind: PipelineKind, program: ParsedProgram): QaPipeline {
    if (kind === 'extractive') return new ExtractivePipeline({ retriever: this.retriever });
    if (this.llm === null) {
      throw new DspyPipelineError(
        'incompatible_program',
        `the ${kind} pipeline needs an LLM; none is configured`,
        {
          where: 'CITED_LLM_PROVIDER',
        },
      );
    }
    if (kind === 'baseline')
      return createBaselinePipeline({ retriever: this.retriever, llm: this.llm });
    if (!isQaProgram(program.artifact)) throw new Error('not a parsed program');
    return createDspyPipeline({
      retriever: this.retriever,
      llm: this.llm,
      program: program.artifact,
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.backend.close();
  }
}
