import type { LlmService } from '@cited/dspy-pipeline';
import { CliError } from '../../cli/cli-error';
import type { PipelineSetup } from '../evaluation/pipeline-setup';
import type { RunContext } from '../evaluation/run-context';
import { defaultProgramFor } from '../program/default-program';
import { resolveProgram, type ResolvedProgram } from '../program/program-source';
import { embedderFromConfig } from '../retrieval/embedder-from-config';
import { setupRetriever } from '../retrieval/retriever-setup';
import type { OptimizationPlan } from './optimization-plan';

/** What an optimization runs: the starting dspy program (`resolved`), its retriever and LLMs. */
export interface OptimizationSetup extends PipelineSetup {
  llm: LlmService;
  /** Model the optimizer asks for feedback and proposals; default `llm`. */
  teacher?: LlmService;
}

/**
 * Resolves the starting program (`plan.evaluation.program`, else the built-in dspy program
 * seeded with `plan.seed`) and the retriever.
 * @throws CliError `bad_input` when the starting program is not a dspy program.
 */
export async function setUpOptimization(
  ctx: RunContext,
  plan: OptimizationPlan,
  llms: { llm: LlmService; teacher?: LlmService | undefined },
): Promise<OptimizationSetup> {
  const { retrieval, program } = plan.evaluation;
  const start: ResolvedProgram = program
    ? await resolveProgram(program, () => ctx.tracking.client)
    : { program: defaultProgramFor('dspy', llms.llm, plan.seed), source: 'default' };
  if (start.program.pipeline !== 'dspy')
    throw new CliError(
      'bad_input',
      `--program ${start.source} is a ${start.program.pipeline} program; only dspy programs can be optimized.`,
    );
  const retriever = await setupRetriever({
    ...(retrieval.corpus ? { corpus: retrieval.corpus } : {}),
    indexDir: retrieval.indexDir,
    program: start.program.retriever,
    tenantId: retrieval.tenant,
    embedder: embedderFromConfig(ctx.config, llms.llm),
  });
  return {
    pipeline: 'dspy',
    resolved: start,
    retriever,
    llm: llms.llm,
    ...(llms.teacher ? { teacher: llms.teacher } : {}),
  };
}
