import type { Verdict } from '../model/answer-result';
import {
  exampleAnswerContainsGold,
  exampleExactMatch,
  exampleTokenF1,
  type EvalExample,
} from './compute-metrics';
import { citationPrecision, citationRecall } from './source-metrics';

/**
 * The scores of one evaluated example, by the rules `computeMetrics` aggregates (see there for
 * unanswerable questions). A score that does not apply to the example is absent:
 * `citation_precision` when nothing is cited, `citation_recall` without gold sources,
 * `groundedness` for an abstention.
 */
export interface ExampleScores {
  token_f1: number;
  exact_match: number;
  answer_contains_gold: number;
  citation_precision?: number;
  citation_recall?: number;
  /** 1 when an answer (not an abstention) is `supported` by the verifier, else 0. */
  groundedness?: number;
  /** The verifier's verdict. */
  verdict: Verdict;
  /** Whether the example abstained exactly when its question is unanswerable. */
  abstention_correct: boolean;
}

/** Scores one example (see {@link ExampleScores}). */
export function exampleScores(example: EvalExample): ExampleScores {
  const r = example.result;
  const cited = r.citations.map((c) => c.documentId);
  const precision = citationPrecision(cited, example.goldSourceIds);
  const recall = citationRecall(cited, example.goldSourceIds);
  return {
    token_f1: exampleTokenF1(example),
    exact_match: exampleExactMatch(example),
    answer_contains_gold: exampleAnswerContainsGold(example),
    ...(precision === null ? {} : { citation_precision: precision }),
    ...(recall === null ? {} : { citation_recall: recall }),
    ...(r.abstained ? {} : { groundedness: r.verification.verdict === 'supported' ? 1 : 0 }),
    verdict: r.verification.verdict,
    abstention_correct: r.abstained === (example.goldSourceIds.length === 0),
  };
}
