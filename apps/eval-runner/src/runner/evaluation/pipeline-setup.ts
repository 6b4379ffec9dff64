import {
  ExtractivePipeline,
  extractiveOptionsOf,
  createBaselinePipeline,
  createDspyPipeline,
  createLlmService,
  type AnswerRecorder,
  type LlmService,
  type PipelineKind,
  type QaPipeline,
} from '@cited/dspy-pipeline';
import { CliError } from '../../cli/cli-error';
import type { RunnerConfig } from '../../config/runner-config';
import { defaultProgramFor, llmRequired } from '../program/default-program';
import { resolveProgram, type ResolvedProgram } from '../program/program-source';
import { embedderFromConfig } from '../retrieval/embedder-from-config';
import { setupRetriever, type RetrieverSetup } from '../retrieval/retriever-setup';
import type { EvaluationPlan } from './evaluation-plan';
import type { RunContext } from './run-context';

/** What an evaluation runs: the pipeline kind, its program, retriever and LLM. */
export interface PipelineSetup {
  pipeline: PipelineKind;
  resolved: ResolvedProgram;
  retriever: RetrieverSetup;
  llm: LlmService | null;
}

/**
 * The LLM service of a run, or null when no LLM is configured. The HTTP concurrency limit is
 * raised to the evaluation's concurrency so that `--concurrency` really is the number of calls
 * in flight.
 */
export function llmForRun(config: RunnerConfig, concurrency: number): LlmService | null {
  if (config.llm === null) return null;
  return createLlmService({
    ...config.llm,
    concurrency: Math.max(config.llm.concurrency, concurrency),
  });
}

/**
 * Resolves what a plan runs: the LLM, the program (`plan.program`, else the pipeline's default
 * program seeded with `CITED_LLM_SEED`), the pipeline kind and the retriever.
 */
export async function setUpPipeline(
  ctx: RunContext,
  plan: EvaluationPlan,
  llmOverride?: LlmService,
): Promise<PipelineSetup> {
  const { config } = ctx;
  const llm = llmOverride ?? llmForRun(config, plan.execution.concurrency);
  const resolved: ResolvedProgram = plan.program
    ? await resolveProgram(plan.program, () => ctx.tracking.client)
    : {
        program: defaultProgramFor(plan.pipeline ?? 'extractive', llm, config.llm?.seed ?? 0),
        source: 'default',
      };
  const retriever = await setupRetriever({
    ...(plan.retrieval.corpus ? { corpus: plan.retrieval.corpus } : {}),
    indexDir: plan.retrieval.indexDir,
    program: resolved.program.retriever,
    tenantId: plan.retrieval.tenant,
    embedder: embedderFromConfig(config, llm),
  });
  return { pipeline: plan.pipeline ?? resolved.program.pipeline, resolved, retriever, llm };
}

/**
 * The per-row pipeline factory of a setup: each row's pipeline reports to that row's recorder
 * (its sinks, and its retriever wrapped), so concurrent rows never mix their traces.
 * @throws CliError `bad_input` when the program is of another pipeline, or an LLM is missing.
 */
export function pipelineFactory(setup: PipelineSetup): (recorder: AnswerRecorder) => QaPipeline {
  const { pipeline: kind, resolved, retriever, llm } = setup;
  if (resolved.program.pipeline !== kind)
    throw new CliError(
      'bad_input',
      `program ${resolved.source} is a ${resolved.program.pipeline} program, but --pipeline is ${kind}. Pass --pipeline ${resolved.program.pipeline} or another program.`,
    );
  if (kind === 'extractive')
    return (recorder) =>
      new ExtractivePipeline({
        retriever: recorder.retriever(retriever.retriever),
        ...extractiveOptionsOf(resolved.program),
      });
  if (llm === null) throw llmRequired(kind);
  if (kind === 'baseline')
    return (recorder) =>
      createBaselinePipeline({
        retriever: recorder.retriever(retriever.retriever),
        llm,
        sinks: recorder.sinks,
      });
  return (recorder) =>
    createDspyPipeline({
      retriever: recorder.retriever(retriever.retriever),
      llm,
      program: resolved.program,
      sinks: recorder.sinks,
    });
}
