import {
  DEFAULT_RETRIEVER,
  buildProgram,
  defaultProgram,
  defaultReasonerSpec,
  defaultVerifierSpec,
  type LlmService,
  type PipelineKind,
  type QaProgram,
} from '@cited/dspy-pipeline';
import { CliError } from '../../cli/cli-error';

/** The program a pipeline runs when `--program` is not given. */
export function defaultProgramFor(
  kind: PipelineKind,
  llm: LlmService | null,
  seed: number,
): QaProgram {
  if (kind === 'extractive') return defaultProgram();
  if (llm === null) throw llmRequired(kind);
  if (kind === 'baseline')
    return buildProgram({
      name: 'cited-baseline',
      pipeline: 'baseline',
      llm,
      retriever: DEFAULT_RETRIEVER,
      seed,
    });
  return buildProgram({
    name: 'cited-dspy',
    pipeline: 'dspy',
    modules: { reasoner: defaultReasonerSpec(), verifier: defaultVerifierSpec() },
    llm,
    retriever: DEFAULT_RETRIEVER,
    seed,
  });
}

/** The error for a pipeline that needs an LLM when none is configured. */
export function llmRequired(kind: string): CliError {
  return new CliError(
    'bad_input',
    `the ${kind} pipeline needs an LLM, and CITED_LLM_PROVIDER is unset. Set CITED_LLM_PROVIDER and CITED_LLM_MODEL (see \`eval-runner config\`), or use --pipeline extractive.`,
  );
}
