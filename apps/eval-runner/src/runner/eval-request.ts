import { resolve } from 'node:path';
import type { PipelineKind } from '@cited/dspy-pipeline';
import type { CommandOutput } from '../cli/command-output';
import type { RunnerConfig } from '../config/runner-config';
import { llmForRun } from './cli-options';
import { assertDatasetExists } from './dataset-provenance';
import { runEvaluation, type EvalOutcome } from './eval-run';
import { defaultProgramFor, resolveProgram, type ResolvedProgram } from './program-source';
import { embedderFromConfig, setupRetriever } from './retriever-setup';
import type { TrackingTarget } from './tracking-target';

/** An evaluation as the commands describe it (`eval`, `demo`, `promote --reevaluate`). */
export interface EvalRequest {
  pipeline?: PipelineKind;
  /** `--program`: a file, `models:/…` or `runs:/…`; or an already resolved program. */
  program?: string | ResolvedProgram;
  index?: string;
  corpus?: string;
  dataset: string;
  split?: string;
  limit?: number;
  concurrency: number;
  tenant: string;
  runName?: string;
  scrubDataset: boolean;
  maxConsecutiveErrors: number;
  tags?: Record<string, string>;
  params?: Record<string, string | number | boolean>;
  /** Print the metrics table (default true). */
  printTable?: boolean;
}

/** What a command needs from its context to evaluate. */
export interface EvalDeps {
  config: RunnerConfig;
  out: CommandOutput;
  tracking: TrackingTarget;
  progressStream: { write(text: string): unknown; isTTY?: boolean };
}

/** Resolves program, retriever and LLM for a request, then runs {@link runEvaluation}. */
export async function evaluateRequest(
  deps: EvalDeps,
  req: EvalRequest,
): Promise<EvalOutcome & { interrupted: boolean }> {
  assertDatasetExists(req.dataset);
  const { config } = deps;
  const llm = llmForRun(config, req.concurrency);
  const resolved: ResolvedProgram =
    typeof req.program === 'object'
      ? req.program
      : req.program
        ? await resolveProgram(req.program, () => deps.tracking.client)
        : {
            program: defaultProgramFor(req.pipeline ?? 'extractive', llm, config.llm?.seed ?? 0),
            source: 'default',
          };
  const pipeline = req.pipeline ?? resolved.program.pipeline;
  const retriever = await setupRetriever({
    ...(req.corpus ? { corpus: req.corpus } : {}),
    indexDir: resolve(req.index ?? config.retrieval.indexDir),
    program: resolved.program.retriever,
    tenantId: req.tenant,
    embedder: embedderFromConfig(config, llm),
  });
  const outcome = await runEvaluation({
    pipeline,
    resolved,
    retriever,
    llm,
    datasetFile: req.dataset,
    ...(req.split ? { split: req.split } : {}),
    ...(req.limit !== undefined ? { limit: req.limit } : {}),
    concurrency: req.concurrency,
    maxConsecutiveErrors: req.maxConsecutiveErrors,
    tenantId: req.tenant,
    ...(req.runName ? { runName: req.runName } : {}),
    scrubDataset: req.scrubDataset,
    tracking: deps.tracking,
    out: deps.out,
    ...(config.pii.hmacKey ? { pseudonymKey: config.pii.hmacKey } : {}),
    ...(req.tags ? { tags: req.tags } : {}),
    ...(req.params ? { params: req.params } : {}),
    progressStream: deps.progressStream,
    ...(req.printTable === false ? { printTable: false } : {}),
  });
  const { aggregate: _a, ...rest } = outcome;
  return rest;
}
