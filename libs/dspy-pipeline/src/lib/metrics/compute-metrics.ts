import { z } from 'zod';
import { answerResultSchema, type AnswerResult } from '../model/answer-result';
import { answerContainsGold, exactMatch, tokenF1 } from './answer-metrics';
import {
  citationPrecision,
  citationRecall,
  meanDefined,
  percentile,
  recallAtK,
  reciprocalRank,
} from './source-metrics';

/** The metric names an evaluation logs to MLflow, in a fixed order. */
export const METRIC_NAMES = [
  'exact_match',
  'token_f1',
  'answer_contains_gold',
  'citation_precision',
  'citation_recall',
  'retrieval_recall_at_1',
  'retrieval_recall_at_5',
  'retrieval_recall_at_10',
  'retrieval_mrr',
  'groundedness',
  'hallucination_rate',
  'abstention_accuracy',
  'latency_p50_ms',
  'latency_p95_ms',
  'tokens_total',
] as const;

/** One metric name. */
export type MetricName = (typeof METRIC_NAMES)[number];

/** Aggregate metrics of one split. */
export type EvalMetrics = Record<MetricName, number>;

/** One evaluated question: gold data and what the pipeline returned. */
export const evalExampleSchema = z.object({
  /** The dataset's `answer` plus `metadata.answers`. */
  goldAnswers: z.array(z.string()),
  /** `metadata.source_ids`; empty marks an unanswerable question. */
  goldSourceIds: z.array(z.string()),
  result: answerResultSchema,
  /** Document ids of the retrieved chunks in rank order (retrieve at least 10 for recall@10). */
  retrievedDocumentIds: z.array(z.string()),
});

/** One evaluated question. */
export type EvalExample = z.infer<typeof evalExampleSchema>;

/** Total tokens over the trace events of one answer. */
export function tokensOf(result: AnswerResult): number {
  return result.trace.reduce((sum, e) => sum + (e.tokens?.totalTokens ?? 0), 0);
}

/** Exact match of one example; unanswerable gold: 1 iff the pipeline abstained. */
export function exampleExactMatch(ex: EvalExample): number {
  if (ex.goldSourceIds.length === 0) return ex.result.abstained ? 1 : 0;
  return ex.result.abstained ? 0 : exactMatch(ex.result.answer, ex.goldAnswers);
}

/** Token F1 of one example; unanswerable gold: 1 iff the pipeline abstained. */
export function exampleTokenF1(ex: EvalExample): number {
  if (ex.goldSourceIds.length === 0) return ex.result.abstained ? 1 : 0;
  return ex.result.abstained ? 0 : tokenF1(ex.result.answer, ex.goldAnswers);
}

/** Answer contains gold of one example; unanswerable gold: 1 iff the pipeline abstained. */
export function exampleAnswerContainsGold(ex: EvalExample): number {
  if (ex.goldSourceIds.length === 0) return ex.result.abstained ? 1 : 0;
  return ex.result.abstained ? 0 : answerContainsGold(ex.result.answer, ex.goldAnswers);
}

/** True when an answer (not an abstention) is not fully supported or answers an unanswerable question. */
export function isHallucination(ex: EvalExample): boolean {
  if (ex.result.abstained) return false;
  return ex.result.verification.verdict !== 'supported' || ex.goldSourceIds.length === 0;
}

/**
 * Aggregates one split. How unanswerable questions (`goldSourceIds = []`) count:
 * - `exact_match`, `token_f1`, `answer_contains_gold`: 1 when the pipeline abstained, else 0 (SQuAD 2.0 convention);
 *   an abstention on an answerable question scores 0.
 * - `citation_precision`: over examples that cite something; every citation on an unanswerable
 *   question is wrong. `citation_recall`: over answerable examples only (abstaining scores 0).
 * - `retrieval_recall_at_k`, `retrieval_mrr`: over answerable examples only, by distinct document.
 * - `groundedness`: share of answered (non-abstained) examples the verifier marked `supported`.
 * - `hallucination_rate`: share of answered examples that are not `supported` or that answer an
 *   unanswerable question.
 * - `abstention_accuracy`: over all examples, abstained === unanswerable.
 * - `latency_*`: nearest-rank percentiles of `timings.totalMs`; `tokens_total`: sum over traces.
 * A metric with no example to average over is 0 (MLflow stores numbers only).
 */
export function computeMetrics(examples: readonly EvalExample[]): EvalMetrics {
  const answerable = examples.filter((e) => e.goldSourceIds.length > 0);
  const answered = examples.filter((e) => !e.result.abstained);
  const cited = (e: EvalExample): string[] => e.result.citations.map((c) => c.documentId);
  const share = (xs: readonly EvalExample[], f: (e: EvalExample) => boolean): number =>
    xs.length ? xs.filter(f).length / xs.length : 0;
  return {
    exact_match: meanDefined(examples.map(exampleExactMatch)),
    token_f1: meanDefined(examples.map(exampleTokenF1)),
    answer_contains_gold: meanDefined(examples.map(exampleAnswerContainsGold)),
    citation_precision: meanDefined(
      examples.map((e) => citationPrecision(cited(e), e.goldSourceIds)),
    ),
    citation_recall: meanDefined(answerable.map((e) => citationRecall(cited(e), e.goldSourceIds))),
    retrieval_recall_at_1: meanDefined(
      answerable.map((e) => recallAtK(e.retrievedDocumentIds, e.goldSourceIds, 1)),
    ),
    retrieval_recall_at_5: meanDefined(
      answerable.map((e) => recallAtK(e.retrievedDocumentIds, e.goldSourceIds, 5)),
    ),
    retrieval_recall_at_10: meanDefined(
      answerable.map((e) => recallAtK(e.retrievedDocumentIds, e.goldSourceIds, 10)),
    ),
    retrieval_mrr: meanDefined(
      answerable.map((e) => reciprocalRank(e.retrievedDocumentIds, e.goldSourceIds)),
    ),
    groundedness: share(answered, (e) => e.result.verification.verdict === 'supported'),
    hallucination_rate: share(answered, isHallucination),
    abstention_accuracy: share(
      examples,
      (e) => e.result.abstained === (e.goldSourceIds.length === 0),
    ),
    latency_p50_ms: percentile(
      examples.map((e) => e.result.timings.totalMs),
      50,
    ),
    latency_p95_ms: percentile(
      examples.map((e) => e.result.timings.totalMs),
      95,
    ),
    tokens_total: examples.reduce((s, e) => s + tokensOf(e.result), 0),
  };
}
