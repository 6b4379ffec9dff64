import { sampleTrace } from '../../test-fixtures/sample-trace';
import { testClient, testServerUri, uniqueName } from '../../test-fixtures/test-server';
import { readTracesWithPython } from '../testing/python-trace-reader';
import { TraceExporter, type TraceDropReason } from './trace-exporter';
import { traceRecordSchema } from './trace-record';

const trace = (q: string) => traceRecordSchema.parse(sampleTrace(q));

describe('TraceExporter (bounded background queue)', () => {
  it('exports in batches, one request at a time, and counts what it sent', async () => {
    const client = testClient();
    const experimentId = await client.experiments.getOrCreate(uniqueName('exporter'));
    let requests = 0;
    const counted = testClient({ onRequest: (e) => e.path === '/v1/traces' && requests++ });
    let exported = 0;
    const exporter = new TraceExporter(counted.traces, {
      target: async () => ({ experimentId }),
      batchSize: 25,
      onExported: (n) => (exported += n),
    });
    const ids = Array.from({ length: 110 }, (_, i) => {
      const t = trace(`q${i}`);
      expect(exporter.enqueue(t)).toBe(true);
      return t.traceId;
    });
    expect(exporter.has(ids[109] as string)).toBe(true);
    await exporter.close();
    expect(exporter.has(ids[109] as string)).toBe(false);
    expect(exported).toBe(110);
    expect(requests).toBe(5);
    const back = await readTracesWithPython(testServerUri(), { experimentId });
    expect(back.map((t) => t.traceId).sort()).toEqual(ids.map((id) => `tr-${id}`).sort());
    expect(exporter.enqueue(trace('after close'))).toBe(false);
    for (const c of [client, counted]) c.close();
  }, 60_000);

  it('drops and counts traces when the queue is full or the server is away, never throwing', async () => {
    const away = testClient({ uri: 'http://127.0.0.1:9', maxRetries: 0 });
    const drops: Record<TraceDropReason, number> = { queue_full: 0, export_failed: 0 };
    const errors: unknown[] = [];
    const exporter = new TraceExporter(away.traces, {
      target: async () => ({ experimentId: '0' }),
      maxQueue: 10,
      batchSize: 100,
      flushIntervalMs: 60_000,
      onDropped: (traces, spans, reason) => {
        drops[reason] += traces;
        expect(spans).toBe(traces * 4);
      },
      onError: (e) => errors.push(e),
    });
    for (let i = 0; i < 15; i++) exporter.enqueue(trace(`q${i}`));
    expect(drops.queue_full).toBe(5);
    await exporter.flush();
    expect(drops.export_failed).toBe(10);
    expect(errors[0]).toMatchObject({ code: 'network_error' });
    away.close();
  });
});
