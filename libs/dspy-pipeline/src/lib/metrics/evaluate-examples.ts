import type { DatasetRow } from '@cited/dataset-manifest';
import { goldAnswersOf, goldSourceIdsOf } from '../corpus/bundled-assets';
import type { QaPipeline } from '../model/answer-result';
import type { Retriever } from '../retrieval/passage';
import type { EvalExample } from './compute-metrics';

/** Options of {@link evaluateRows}. */
export interface EvaluateRowsOptions {
  tenantId: string;
  /** Passages the pipeline answers from. Default 5. */
  topK?: number;
  /** Depth of the separate retrieval used for recall@k/MRR. Default 10. */
  retrievalDepth?: number;
  signal?: AbortSignal;
  /** Called after each row (progress). */
  onExample?: (row: DatasetRow, example: EvalExample) => void;
}

/**
 * Answers each dataset row with `pipeline` and retrieves with `retriever` (at `retrievalDepth`,
 * for the retrieval metrics), one row at a time in dataset order. Feed the result to
 * `computeMetrics`.
 */
export async function evaluateRows(
  pipeline: QaPipeline,
  retriever: Retriever,
  rows: readonly DatasetRow[],
  options: EvaluateRowsOptions,
): Promise<EvalExample[]> {
  const out: EvalExample[] = [];
  for (const row of rows) {
    options.signal?.throwIfAborted();
    const signal = options.signal ? { signal: options.signal } : {};
    const result = await pipeline.answer(row.question, {
      tenantId: options.tenantId,
      topK: options.topK ?? 5,
      ...signal,
    });
    const retrieved = await retriever.retrieve(row.question, {
      k: options.retrievalDepth ?? 10,
      tenantId: options.tenantId,
      ...signal,
    });
    const example: EvalExample = {
      goldAnswers: goldAnswersOf(row),
      goldSourceIds: goldSourceIdsOf(row),
      result,
      retrievedDocumentIds: retrieved.map((p) => p.documentId),
    };
    options.onExample?.(row, example);
    out.push(example);
  }
  return out;
}
