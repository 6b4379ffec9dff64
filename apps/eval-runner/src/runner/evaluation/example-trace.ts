import {
  answerTrace,
  exampleAssessments,
  goldAnswersOf,
  goldSourceIdsOf,
  type AnswerRecorder,
} from '@cited/dspy-pipeline';
import type { TraceRecordInput } from '@cited/mlflow-client';
import type { ArtifactScrubber } from '../shared/artifact-scrubber';
import type { ExampleOutcome } from './evaluate-dataset';

/** Source id of the scores an evaluation logs on its traces. */
export const SCORES_SOURCE = 'cited.eval-runner';

/** What every trace of one evaluation shares. */
export interface ExampleTraceContext {
  pipeline: string;
  program: { id: string; name: string; version: string | null };
  tenant: string;
  dataset: { name: string; digest: string };
  scrubber: ArtifactScrubber;
}

/**
 * The MLflow trace of one evaluated example: the answer's span tree (retrieve → reason →
 * verify, or retrieve → extract → verify), tags naming the program, pipeline, tenant, dataset
 * and example, and its scores and gold data as assessments. An example that failed is an
 * `ERROR` trace. Every text goes through the run's scrubber (the same one as its artifacts),
 * after the metrics were computed on the raw text.
 */
export function exampleTrace(
  outcome: ExampleOutcome,
  recorder: AnswerRecorder,
  ctx: ExampleTraceContext,
): TraceRecordInput {
  const scrub = (text: string) => ctx.scrubber.text(text);
  const { row } = outcome;
  const tags: Record<string, string> = {
    'cited.kind': 'eval',
    'cited.pipeline': ctx.pipeline,
    'cited.program.id': ctx.program.id,
    'cited.program.name': scrub(ctx.program.name),
    'cited.tenant': ctx.tenant,
    'cited.dataset.name': scrub(ctx.dataset.name),
    'cited.dataset.digest': ctx.dataset.digest,
    'cited.example.id': scrub(row.id),
    'cited.split': scrub(row.split),
    ...(ctx.program.version === null ? {} : { 'cited.program.version': ctx.program.version }),
    ...(outcome.error === undefined ? {} : { 'cited.error_code': outcome.error.code }),
  };
  return answerTrace({
    question: row.question,
    startedAtMs: outcome.startedAtMs,
    endedAtMs: outcome.endedAtMs,
    ...(outcome.example === undefined ? {} : { result: outcome.example.result }),
    ...(outcome.error === undefined ? {} : { error: outcome.error }),
    recorded: recorder,
    tags,
    assessments: exampleAssessments(
      { goldAnswers: goldAnswersOf(row), goldSourceIds: goldSourceIdsOf(row) },
      outcome.example,
      { code: SCORES_SOURCE, dataset: scrub(ctx.dataset.name) },
      scrub,
    ),
    scrub,
  });
}
