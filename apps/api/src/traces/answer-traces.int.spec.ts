import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { EmbeddedIndex, chunkDocuments } from '@cited/dspy-pipeline';
import { readTracesWithPython, type PythonTrace } from '@cited/mlflow-client/testing';
import { postJson, startTestApp, tempDir, type TestApp } from '../test-fixtures/test-app';
import { AnswerTraces } from './answer-traces';

const MLFLOW = (): string => {
  const uri = process.env['CITED_TEST_MLFLOW_URI'];
  if (!uri) throw new Error('CITED_TEST_MLFLOW_URI is unset (jest globalSetup)');
  return uri;
};
const sha = (k: string): string => createHash('sha256').update(k).digest('hex');
const KEY_A = 'cited_traces-spec-key-tenant-a';
const KEY_B = 'cited_traces-spec-key-tenant-b';
// Planted in questions and comments: must appear in no trace and no assessment.
const EMAIL = 'olga.planted@example.net';
const QUESTION = `How many days does a Riverton landlord have to return the security deposit? Mail ${EMAIL}`;

async function experimentIdOf(name: string): Promise<string> {
  const res = await fetch(
    `${MLFLOW()}/api/2.0/mlflow/experiments/get-by-name?experiment_name=${encodeURIComponent(name)}`,
  );
  return ((await res.json()) as { experiment: { experiment_id: string } }).experiment.experiment_id;
}

describe('MLflow traces of answers and POST /v1/feedback (real MLflow, read back with its Python client)', () => {
  let t: TestApp;
  const experiment = `cited-api-test-${randomUUID().slice(0, 8)}`;
  const spans = new InMemorySpanExporter();

  beforeAll(async () => {
    t = await startTestApp(
      {
        MLFLOW_TRACKING_URI: MLFLOW(),
        CITED_TRACE_SAMPLE: '1',
        CITED_TRACE_EXPERIMENT: experiment,
        // OpenTelemetry export is independent: both run.
        CITED_OTEL_ENABLED: 'true',
      },
      { spanExporter: spans },
    );
  });
  afterAll(() => t.close());

  it('traces an answer (X-Trace-Id), never health, metrics, docs or static files; the trace holds the scrubbed request', async () => {
    for (const path of ['/healthz', '/readyz', '/metrics', '/docs', '/openapi.json', '/'])
      expect((await fetch(`${t.base}${path}`)).headers.get('x-trace-id')).toBeNull();
    const r = await postJson(`${t.base}/v1/answer`, { question: QUESTION });
    expect(r.status).toBe(200);
    const traceId = r.headers.get('x-trace-id') ?? '';
    expect(traceId).toMatch(/^tr-[0-9a-f]{32}$/);
    await t.app.get(AnswerTraces).flush();
    const [trace] = await readTracesWithPython(MLFLOW(), { traceId });
    const root = trace?.spans.find((s) => s.parentId === null);
    expect(root?.inputs).toEqual({ question: expect.stringContaining('Riverton') });
    expect(root?.outputs).toMatchObject({
      answer: r.json['answer'],
      abstained: r.json['abstained'],
    });
    expect(trace?.spans.filter((s) => s.parentId === root?.spanId).map((s) => s.name)).toEqual([
      'retrieve',
      'extract',
      'verify',
    ]);
    const docs = trace?.spans.find((s) => s.name === 'retrieve')?.outputs as {
      page_content: string;
    }[];
    expect(docs[0]?.page_content).toContain('21 days');
    expect(trace?.tags).toMatchObject({
      'cited.kind': 'api',
      'cited.tenant': 'default',
      'cited.pipeline': 'extractive',
      'cited.request_id': r.json['requestId'],
      'cited.http_status': '200',
    });
    expect(trace?.tags['cited.program.id']).toMatch(/^[0-9a-f]{12}$/);
    expect(JSON.stringify(trace)).not.toContain(EMAIL);
    // Only the answer made a trace in the experiment.
    const all = await readTracesWithPython(MLFLOW(), {
      experimentId: await experimentIdOf(experiment),
    });
    expect(all.map((x) => x.traceId)).toEqual([traceId]);
    // The OpenTelemetry export got its spans too.
    expect(spans.getFinishedSpans().some((s) => s.name === 'cited.answer')).toBe(true);
  });

  it('logs feedback on the trace as a human assessment (202), comment scrubbed; unknown trace 404, bad body 400', async () => {
    const r = await postJson(`${t.base}/v1/answer`, { question: 'When is rent due?' });
    const traceId = r.headers.get('x-trace-id') ?? '';
    // Sent at once: feedback flushes its own trace first.
    const f = await postJson(`${t.base}/v1/feedback`, {
      traceId,
      rating: 'down',
      comment: `Wrong clause, write to ${EMAIL}`,
    });
    expect(f.status).toBe(202);
    expect(f.json).toEqual({ traceId, assessmentId: expect.stringMatching(/^a-[0-9a-f]{32}$/) });
    const [trace] = await readTracesWithPython(MLFLOW(), { traceId });
    expect(trace?.assessments).toEqual([
      expect.objectContaining({
        name: 'user_rating',
        kind: 'feedback',
        value: false,
        sourceType: 'HUMAN',
        sourceId: 'default',
        rationale: expect.stringContaining('Wrong clause'),
      }),
    ]);
    expect(JSON.stringify(trace)).not.toContain(EMAIL);
    const unknown = await postJson(`${t.base}/v1/feedback`, {
      traceId: `tr-${'0'.repeat(32)}`,
      rating: 'up',
    });
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ code: 'not_found' });
    const bad = await postJson(`${t.base}/v1/feedback`, { traceId, rating: 'meh' });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ code: 'invalid_request', field: 'rating' });
  });
});

describe('traces with API keys: sampling off by default, feedback only from the tenant that asked', () => {
  it('keyed mode traces nothing unless CITED_TRACE_SAMPLE is set', async () => {
    const t = await startTestApp({
      MLFLOW_TRACKING_URI: MLFLOW(),
      CITED_API_KEYS: `${sha(KEY_A)}:default`,
      CITED_TRACE_SAMPLE: '',
    });
    try {
      const r = await postJson(
        `${t.base}/v1/answer`,
        { question: 'When is rent due?' },
        { 'x-api-key': KEY_A },
      );
      expect(r.status).toBe(200);
      expect(r.headers.get('x-trace-id')).toBeNull();
      expect(t.app.get(AnswerTraces).enabled).toBe(false);
      // No trace ids handed out: feedback is a 404, without asking MLflow.
      const f = await postJson(
        `${t.base}/v1/feedback`,
        { traceId: `tr-${'1'.repeat(32)}`, rating: 'up' },
        { 'x-api-key': KEY_A },
      );
      expect(f.status).toBe(404);
      expect(f.json).toMatchObject({ code: 'not_found', field: 'traceId' });
    } finally {
      await t.close();
    }
  });

  it('another tenant gets 404 for a trace that is not its own', async () => {
    const dir = tempDir();
    const a = await chunkDocuments(
      [
        {
          id: 'lease',
          title: 'Lease',
          text: 'The pet deposit is 450 dollars and is refundable after inspection.',
          metadata: {},
        },
      ],
      { tenantId: 'tenant-a' },
    );
    const b = await chunkDocuments(
      [
        {
          id: 'rules',
          title: 'Rules',
          text: 'Quiet hours start at ten in the evening.',
          metadata: {},
        },
      ],
      { tenantId: 'tenant-b' },
    );
    await (await EmbeddedIndex.build([...a, ...b])).save(join(dir, 'index'));
    const t = await startTestApp(
      {
        MLFLOW_TRACKING_URI: MLFLOW(),
        CITED_API_KEYS: `${sha(KEY_A)}:tenant-a,${sha(KEY_B)}:tenant-b`,
        CITED_TRACE_SAMPLE: '1',
        CITED_TRACE_EXPERIMENT: `cited-api-keys-${randomUUID().slice(0, 8)}`,
      },
      { dir },
    );
    try {
      const r = await postJson(
        `${t.base}/v1/answer`,
        { question: 'How much is the pet deposit?' },
        { 'x-api-key': KEY_A },
      );
      expect(r.status).toBe(200);
      const traceId = r.headers.get('x-trace-id') ?? '';
      expect(traceId).toMatch(/^tr-/);
      const body = { traceId, rating: 'up' };
      expect((await postJson(`${t.base}/v1/feedback`, body)).status).toBe(401);
      expect((await postJson(`${t.base}/v1/feedback`, body, { 'x-api-key': KEY_B })).status).toBe(
        404,
      );
      expect((await postJson(`${t.base}/v1/feedback`, body, { 'x-api-key': KEY_A })).status).toBe(
        202,
      );
      const [trace] = await readTracesWithPython(MLFLOW(), { traceId });
      expect(
        trace?.assessments.map((x: PythonTrace['assessments'][number]) => [
          x.name,
          x.value,
          x.sourceId,
        ]),
      ).toEqual([['user_rating', true, 'tenant-a']]);
    } finally {
      await t.close();
    }
  });
});

describe('trace export never blocks or breaks an answer', () => {
  it('MLflow away and a tiny queue: every answer is 200; dropped traces and spans are counted in /metrics', async () => {
    const t = await startTestApp({
      MLFLOW_TRACKING_URI: 'http://127.0.0.1:9',
      CITED_TRACE_SAMPLE: '1',
      CITED_TRACE_QUEUE: '2',
    });
    try {
      const answers = await Promise.all(
        Array.from({ length: 8 }, () =>
          postJson(`${t.base}/v1/answer`, { question: 'When is rent due?' }),
        ),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
      await t.app.get(AnswerTraces).flush();
      const metrics = await (await fetch(`${t.base}/metrics`)).text();
      const count = (name: string, reason: string) =>
        Number(new RegExp(`^${name}\\{reason="${reason}"\\} (\\d+)`, 'm').exec(metrics)?.[1] ?? 0);
      const traces =
        count('cited_mlflow_traces_dropped_total', 'queue_full') +
        count('cited_mlflow_traces_dropped_total', 'export_failed');
      expect(traces).toBe(8);
      expect(count('cited_mlflow_traces_dropped_total', 'queue_full')).toBeGreaterThan(0);
      expect(count('cited_mlflow_spans_dropped_total', 'export_failed')).toBeGreaterThan(0);
    } finally {
      await t.close();
    }
  });

  it('a request sampled while the queue is full is not recorded: no X-Trace-Id, counted as dropped', async () => {
    const t = await startTestApp({
      MLFLOW_TRACKING_URI: 'http://127.0.0.1:9',
      CITED_TRACE_SAMPLE: '1',
      CITED_TRACE_QUEUE: '1',
    });
    try {
      // The first trace fills the queue until its batch is sent (at most 1 s later).
      const first = await postJson(`${t.base}/v1/answer`, { question: 'When is rent due?' });
      const second = await postJson(`${t.base}/v1/answer`, { question: 'When is rent due?' });
      expect([first.status, second.status]).toEqual([200, 200]);
      expect(first.headers.get('x-trace-id')).toMatch(/^tr-[0-9a-f]{32}$/);
      expect(second.headers.get('x-trace-id')).toBeNull();
      const metrics = await (await fetch(`${t.base}/metrics`)).text();
      expect(metrics).toMatch(/^cited_mlflow_traces_dropped_total\{reason="queue_full"\} 1$/m);
    } finally {
      await t.close();
    }
  });
});
