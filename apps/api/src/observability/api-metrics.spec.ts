import { ApiMetrics } from './api-metrics';

/** The value of `cited_mlflow_traces_dropped_total{reason="<reason>"}` in a scrape, or undefined. */
function dropped(text: string, reason: string): number | undefined {
  const m = new RegExp(
    `^cited_mlflow_traces_dropped_total\\{reason="${reason}"\\} (\\d+)$`,
    'm',
  ).exec(text);
  return m ? Number(m[1]) : undefined;
}

describe('ApiMetrics: traces shed before they were recorded', () => {
  it('adds them to queue_full when the metrics are read, once, beside the traces dropped after building', async () => {
    const metrics = new ApiMetrics();
    expect(dropped(await metrics.registry.metrics(), 'queue_full')).toBeUndefined();
    metrics.countTraceShed();
    metrics.countTraceShed();
    metrics.countTraceShed();
    metrics.traceDrops('queue_full').traces.inc(2);
    expect(dropped(await metrics.registry.metrics(), 'queue_full')).toBe(5);
    // A second scrape must not add the shed requests again.
    expect(dropped(await metrics.registry.metrics(), 'queue_full')).toBe(5);
    metrics.countTraceShed();
    const text = await metrics.registry.metrics();
    expect(dropped(text, 'queue_full')).toBe(6);
    expect(dropped(text, 'export_failed')).toBeUndefined();
  });
});
