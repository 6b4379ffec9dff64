import {
  createAnswerRecorder,
  goldAnswersOf,
  goldSourceIdsOf,
  tokenF1,
  type AnswerRecorder,
  type AnswerResult,
  type EvalExample,
  type QaPipeline,
  type RawTraceRecord,
  type Retriever,
} from '@cited/dspy-pipeline';
import type { DatasetRow } from '@cited/dataset-manifest';
import { CliError } from '../../cli/cli-error';
import type { ExecutionPlan } from './evaluation-plan';
import { mapBounded } from './map-bounded';
import type { ProgressBar } from '../shared/progress-bar';

/** How one dataset row went. */
export interface ExampleOutcome {
  index: number;
  row: DatasetRow;
  /** Set when the pipeline answered. */
  example?: EvalExample;
  /** Set when the pipeline failed on this row (LLM error, bad question, …). */
  error?: { code: string; message: string };
  /** Raw prompts and outputs of this row's module calls (scrub before they leave the process). */
  raw: RawTraceRecord[];
  /** Whether this row goes into the error bundle. */
  misclassified: boolean;
  /** Epoch ms around the pipeline call (the separate retrieval for the metrics excluded). */
  startedAtMs: number;
  endedAtMs: number;
}

/** Options of {@link evaluateDataset}. */
export interface EvaluateDatasetOptions {
  /** A fresh pipeline per row reporting to the row's recorder, so rows never mix. */
  pipelineFor: (recorder: AnswerRecorder) => QaPipeline;
  retriever: Retriever;
  rows: readonly DatasetRow[];
  tenantId: string;
  topK: number;
  /** Rows in parallel, and how many errors in a row abort (the LLM is probably down). */
  execution: ExecutionPlan;
  signal: AbortSignal;
  progress?: ProgressBar;
  /** Called with each finished row (in completion order) and what its recorder saw. */
  onOutcome?: (outcome: ExampleOutcome, recorder: AnswerRecorder) => void;
}

/** Result of {@link evaluateDataset}: outcomes in dataset order, only for the rows that ran. */
export interface EvaluateDatasetResult {
  outcomes: ExampleOutcome[];
  /** True when stopped early by the signal (Ctrl-C). */
  interrupted: boolean;
  /** Set when the consecutive-error cap stopped the evaluation. */
  fatal?: CliError;
}

/** Depth of the separate retrieval behind recall@1/5/10 and MRR. */
export const RETRIEVAL_DEPTH = 10;

/** Score of one example the way `computeMetrics` scores token F1 (abstention rules included). */
export function exampleScore(example: EvalExample): number {
  if (example.goldSourceIds.length === 0) return example.result.abstained ? 1 : 0;
  return example.result.abstained ? 0 : tokenF1(example.result.answer, example.goldAnswers);
}

/** Wrong answer, unsupported answer, or wrong abstention: what the error bundle collects. */
export function isMisclassified(example: EvalExample): boolean {
  const r: AnswerResult = example.result;
  if (exampleScore(example) < 0.5) return true;
  if (
    !r.abstained &&
    (r.verification.verdict !== 'supported' || example.goldSourceIds.length === 0)
  )
    return true;
  return false;
}

function describeError(error: unknown): { code: string; message: string } {
  if (error instanceof Error) {
    const code = 'code' in error && typeof error.code === 'string' ? error.code : 'internal';
    return { code, message: error.message };
  }
  return { code: 'internal', message: String(error) };
}

/**
 * Answers every row with bounded concurrency and a separate depth-10 retrieval for the
 * retrieval metrics. A failing row is recorded with its error, never dropped; after
 * `maxConsecutiveErrors` failures in a row the evaluation stops with a `CliError`.
 */
export async function evaluateDataset(
  options: EvaluateDatasetOptions,
): Promise<EvaluateDatasetResult> {
  const slots: (ExampleOutcome | undefined)[] = new Array<ExampleOutcome | undefined>(
    options.rows.length,
  );
  let consecutive = 0;
  let lastError: { code: string; message: string } | undefined;
  let fatal: CliError | undefined;
  const stop = new AbortController();
  const signal = AbortSignal.any([options.signal, stop.signal]);
  await mapBounded(
    options.rows,
    options.execution.concurrency,
    async (row, index) => {
      const recorder = createAnswerRecorder();
      const raw = recorder.raw;
      const pipeline = options.pipelineFor(recorder);
      const startedAtMs = Date.now();
      let endedAtMs = startedAtMs;
      let outcome: ExampleOutcome;
      try {
        const result = await pipeline.answer(row.question, {
          tenantId: options.tenantId,
          topK: options.topK,
          signal,
        });
        endedAtMs = Date.now();
        const retrieved = await options.retriever.retrieve(row.question, {
          k: RETRIEVAL_DEPTH,
          tenantId: options.tenantId,
        });
        const example: EvalExample = {
          goldAnswers: goldAnswersOf(row),
          goldSourceIds: goldSourceIdsOf(row),
          result,
          retrievedDocumentIds: retrieved.map((p) => p.documentId),
        };
        outcome = {
          index,
          row,
          example,
          raw,
          misclassified: isMisclassified(example),
          startedAtMs,
          endedAtMs,
        };
        consecutive = 0;
      } catch (error) {
        // A row cut short by Ctrl-C is not an error of the pipeline: leave it out.
        if (signal.aborted) return;
        lastError = describeError(error);
        endedAtMs = Date.now();
        outcome = {
          index,
          row,
          error: lastError,
          raw,
          misclassified: true,
          startedAtMs,
          endedAtMs,
        };
        consecutive++;
      }
      slots[index] = outcome;
      options.onOutcome?.(outcome, recorder);
      options.progress?.tick();
      if (consecutive >= options.execution.maxConsecutiveErrors && fatal === undefined) {
        fatal = new CliError(
          'unavailable',
          `stopped after ${consecutive} failed examples in a row (last: ${lastError?.code ?? 'error'}: ${lastError?.message ?? ''}). The LLM or retriever is probably unavailable: check CITED_LLM_* and the provider, or raise --max-consecutive-errors.`,
        );
        stop.abort(fatal);
      }
    },
    signal,
  );
  return {
    outcomes: slots.filter((o): o is ExampleOutcome => o !== undefined),
    interrupted: options.signal.aborted,
    ...(fatal ? { fatal } : {}),
  };
}
