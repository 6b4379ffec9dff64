import type { AssessmentRecord } from '@cited/mlflow-client';
import type { EvalExample } from '../metrics/compute-metrics';
import { exampleScores } from '../metrics/example-scores';
import type { TraceScrub } from './answer-trace';

type Assessment = AssessmentRecord;

/** Who the assessments of an evaluated example come from. */
export interface ExampleAssessmentSources {
  /** The metric code, e.g. `cited.eval-runner`. */
  code: string;
  /** The gold data's origin, e.g. the dataset name. */
  dataset: string;
}

/**
 * The assessments of one evaluated example, for its trace: each score as a feedback from the
 * metric code (`token_f1`, `exact_match`, `answer_contains_gold`, `citation_precision`, `citation_recall`,
 * `groundedness` when they apply, `verdict`, `abstention_correct`) and the gold data as
 * expectations (`expected_response`, the first gold answer; `expected_sources`, the gold
 * document ids). Without an answer (the example failed) only the expectations.
 */
export function exampleAssessments(
  gold: { goldAnswers: readonly string[]; goldSourceIds: readonly string[] },
  example: EvalExample | undefined,
  sources: ExampleAssessmentSources,
  scrub: TraceScrub,
): Assessment[] {
  const code = { type: 'CODE' as const, id: sources.code };
  const human = { type: 'HUMAN' as const, id: sources.dataset };
  const out: Assessment[] = [];
  if (example !== undefined) {
    const s = exampleScores(example);
    for (const [name, value] of Object.entries(s))
      if (value !== undefined) out.push({ kind: 'feedback', name, value, source: code });
  }
  const first = gold.goldAnswers[0];
  if (first !== undefined)
    out.push({
      kind: 'expectation',
      name: 'expected_response',
      value: scrub(first),
      source: human,
    });
  out.push({
    kind: 'expectation',
    name: 'expected_sources',
    value: [...gold.goldSourceIds],
    source: human,
  });
  return out;
}
