import { MLFLOW_LIMITS } from '../validation/mlflow-validation';

/** One metric record as `runs/log-batch` takes it (values already wire-encoded). */
export interface WireMetric {
  key: string;
  value: number | 'NaN' | 'Infinity' | '-Infinity';
  timestamp: number;
  step: number;
  modelId?: string;
  datasetName?: string;
  datasetDigest?: string;
}

/** The contents of one `runs/log-batch` request. */
export interface BatchChunk {
  metrics: WireMetric[];
  params: { key: string; value: string }[];
  tags: { key: string; value: string }[];
}

// Room for `{"run_id":"…","metrics":[],"params":[],"tags":[]}` and JSON separators.
const ENVELOPE_BYTES = 512;

function size(item: object): number {
  return Buffer.byteLength(JSON.stringify(item)) + 1;
}

/**
 * Splits any number of metrics, params and tags into the fewest `log-batch` requests within
 * MLflow's limits (≤ 1000 items, ≤ 1000 metrics, ≤ 100 params, ≤ 100 tags, ≤ 1 MB body).
 * Each request takes as many params and tags as allowed first (a run's configuration lands
 * before its metrics), then fills the remaining room with metrics.
 */
export function splitLogBatch(
  input: BatchChunk,
  limits: typeof MLFLOW_LIMITS = MLFLOW_LIMITS,
): BatchChunk[] {
  const chunks: BatchChunk[] = [];
  const next = { params: 0, tags: 0, metrics: 0 };
  const max = {
    params: limits.batchMaxParams,
    tags: limits.batchMaxTags,
    metrics: limits.batchMaxMetrics,
  };
  const remaining = () =>
    next.params < input.params.length ||
    next.tags < input.tags.length ||
    next.metrics < input.metrics.length;
  while (remaining()) {
    const cur: BatchChunk = { metrics: [], params: [], tags: [] };
    let bytes = ENVELOPE_BYTES;
    let items = 0;
    for (const kind of ['params', 'tags', 'metrics'] as const) {
      const source = input[kind] as BatchChunk[typeof kind][number][];
      const target = cur[kind] as BatchChunk[typeof kind][number][];
      while (
        next[kind] < source.length &&
        items < limits.batchMaxItems &&
        target.length < max[kind]
      ) {
        const item = source[next[kind]] as BatchChunk[typeof kind][number];
        const s = size(item);
        // An item always fits an empty request (values are bounded far below 1 MB).
        if (items > 0 && bytes + s > limits.batchMaxBodyBytes) break;
        target.push(item);
        bytes += s;
        items++;
        next[kind]++;
      }
    }
    chunks.push(cur);
  }
  return chunks;
}
