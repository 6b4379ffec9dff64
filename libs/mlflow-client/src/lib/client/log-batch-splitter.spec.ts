import { MLFLOW_LIMITS } from '../validation/mlflow-validation';
import { splitLogBatch, type BatchChunk } from './log-batch-splitter';

const metric = (i: number) => ({ key: 'm', value: i, timestamp: 1, step: i });

describe('splitLogBatch', () => {
  it('fits 10,000 metrics and 100 params into 11 requests, each within every limit', () => {
    const chunks = splitLogBatch({
      metrics: Array.from({ length: 10_000 }, (_, i) => metric(i)),
      params: Array.from({ length: 100 }, (_, i) => ({ key: `p${i}`, value: 'v' })),
      tags: [],
    });
    expect(chunks).toHaveLength(11);
    for (const c of chunks) {
      expect(c.metrics.length + c.params.length + c.tags.length).toBeLessThanOrEqual(1000);
      expect(c.params.length).toBeLessThanOrEqual(100);
    }
    expect(chunks.flatMap((c) => c.metrics.map((m) => m.step))).toEqual(
      Array.from({ length: 10_000 }, (_, i) => i),
    );
  });

  it('keeps every request body under 1 MB when values are large', () => {
    const tags = Array.from({ length: 300 }, (_, i) => ({ key: `t${i}`, value: 'x'.repeat(8000) }));
    const params = Array.from({ length: 300 }, (_, i) => ({
      key: `p${i}`,
      value: 'y'.repeat(6000),
    }));
    const chunks = splitLogBatch({ metrics: [], params, tags });
    for (const c of chunks) {
      expect(
        Buffer.byteLength(JSON.stringify({ run_id: 'r'.repeat(32), ...c })),
      ).toBeLessThanOrEqual(MLFLOW_LIMITS.batchMaxBodyBytes);
      expect(c.tags.length).toBeLessThanOrEqual(100);
    }
    expect(chunks.reduce((n, c) => n + c.tags.length, 0)).toBe(300);
    expect(chunks.reduce((n, c) => n + c.params.length, 0)).toBe(300);
    // Count limits alone would allow 3 requests; the 1 MB body limit forces more.
    expect(chunks.length).toBeGreaterThanOrEqual(
      Math.ceil((300 * 8020 + 300 * 6020) / (1024 * 1024)),
    );
  });

  it('packs params and tags beyond their per-request caps alongside metrics', () => {
    const chunks: BatchChunk[] = splitLogBatch({
      metrics: Array.from({ length: 1700 }, (_, i) => metric(i)),
      params: Array.from({ length: 150 }, (_, i) => ({ key: `p${i}`, value: 'v' })),
      tags: Array.from({ length: 120 }, (_, i) => ({ key: `t${i}`, value: 'v' })),
    });
    expect(chunks.map((c) => [c.params.length, c.tags.length, c.metrics.length])).toEqual([
      [100, 100, 800],
      [50, 20, 900],
    ]);
  });

  it('returns no request for empty input', () => {
    expect(splitLogBatch({ metrics: [], params: [], tags: [] })).toEqual([]);
  });
});
