import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { OpenAiStubServer } from '@cited/dspy-pipeline/testing';
import {
  llmEnv,
  startScriptedStub,
  writeDspyProgram,
  type LlmScript,
} from '../test-fixtures/llm-fixtures';
import { postJson, startTestApp, tempDir, type TestApp } from '../test-fixtures/test-app';
import { API_TRACING } from './api-tracing.token';
import type { ApiTracing } from './tracing';

// Planted personal data: none of it, nor the question itself, may reach a span.
const EMAIL = 'jane.roe@example.org';
const PHONE = '+1 415 555 0134';
const QUESTION = `I am Jane Roe (${EMAIL}, ${PHONE}). How much notice must a tenant give before moving out?`;
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

/** Every string an exported span carries: names, attribute values, event names and attributes. */
function spanStrings(span: ReadableSpan): string[] {
  const values = [
    ...Object.values(span.attributes),
    ...span.events.flatMap((e) => [e.name, ...Object.values(e.attributes ?? {})]),
  ];
  return [span.name, ...values.flatMap((v) => (Array.isArray(v) ? v : [v])).map(String)];
}

describe('OpenTelemetry tracing (CITED_OTEL_ENABLED, in-memory exporter, LLM = stub server)', () => {
  const exporter = new InMemorySpanExporter();
  const script: LlmScript = { reasoner: 'ok', verdict: 'supported', baseline: 'ok', delayMs: 0 };
  let stub: OpenAiStubServer;
  let t: TestApp;

  beforeAll(async () => {
    stub = await startScriptedStub(script);
    const dir = tempDir();
    t = await startTestApp(
      {
        ...llmEnv(stub),
        CITED_PROGRAM_PATH: writeDspyProgram(dir),
        CITED_OTEL_ENABLED: 'true',
        OTEL_SERVICE_NAME: 'cited-api-test',
      },
      { dir, spanExporter: exporter },
    );
  });

  afterAll(async () => {
    await t?.close();
    await stub?.close();
  });

  it('traces one /v1/answer request: server span, answer span, retrieval and LLM spans', async () => {
    exporter.reset();
    const r = await postJson(
      `${t.base}/v1/answer`,
      { question: QUESTION },
      {
        'x-request-id': 'req-otel-1',
        traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01`,
      },
    );
    expect(r.status).toBe(200);
    expect(r.json['pipeline']).toBe('dspy');
    await fetch(`${t.base}/readyz`); // probes are not traced

    const spans = exporter.getFinishedSpans();
    const byName = (name: string): ReadableSpan[] => spans.filter((s) => s.name === name);
    const server = byName('POST /v1/answer');
    expect(server).toHaveLength(1);
    const root = server[0] as ReadableSpan;
    // The caller's W3C trace context is continued, and the request id is on every span.
    expect(root.spanContext().traceId).toBe(TRACE_ID);
    expect(root.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(root.resource.attributes['service.name']).toBe('cited-api-test');
    expect(root.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/v1/answer',
      'http.response.status_code': 200,
      'cited.request_id': 'req-otel-1',
      'cited.tenant_id': 'default',
      'cited.pipeline': 'dspy',
      'cited.degraded': false,
    });
    expect(spans.every((s) => s.spanContext().traceId === TRACE_ID)).toBe(true);
    expect(spans.every((s) => s.attributes['cited.request_id'] === 'req-otel-1')).toBe(true);
    expect(spans.some((s) => s.name.includes('readyz'))).toBe(false);

    const answer = byName('cited.answer')[0];
    expect(answer?.parentSpanContext?.spanId).toBe(root.spanContext().spanId);
    const retrieval = byName('cited.retrieval')[0];
    expect(retrieval?.parentSpanContext?.spanId).toBe(answer?.spanContext().spanId);
    const citedIds = (r.json['citations'] as { id: string }[]).map((c) => c.id);
    expect(retrieval?.attributes['cited.passage_ids']).toEqual(expect.arrayContaining(citedIds));
    expect(retrieval?.attributes['cited.latency_ms']).toEqual(expect.any(Number));

    const reasoner = byName('cited.llm reasoner')[0];
    expect(reasoner?.parentSpanContext?.spanId).toBe(answer?.spanContext().spanId);
    expect(reasoner?.attributes).toMatchObject({
      'cited.module': 'reasoner',
      'gen_ai.request.model': 'stub-model',
    });
    const verifier = byName('cited.llm verifier')[0];
    expect(verifier?.attributes['cited.verdict']).toBe('supported');

    // No span carries the question, the answer, or the planted personal data.
    const strings = spans.flatMap(spanStrings).join('\n');
    for (const secret of [EMAIL, PHONE, 'Jane Roe', QUESTION, String(r.json['answer'])])
      expect(strings).not.toContain(secret);
  });

  it('records the failed pipeline and the fallback that answered on the request span', async () => {
    script.reasoner = 'fail';
    try {
      exporter.reset();
      const r = await postJson(`${t.base}/v1/answer`, { question: QUESTION });
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({ pipeline: 'baseline', degraded: true });
      const root = exporter.getFinishedSpans().find((s) => s.name === 'POST /v1/answer');
      expect(root?.attributes).toMatchObject({
        'cited.pipeline': 'baseline',
        'cited.pipeline.wanted': 'dspy',
        'cited.degraded': true,
        'cited.fallback_reason': 'upstream_error',
      });
      expect(root?.events.map((e) => [e.name, e.attributes?.['cited.pipeline']])).toEqual([
        ['pipeline_failed', 'dspy'],
      ]);
      const llm = exporter.getFinishedSpans().find((s) => s.name === 'cited.llm baseline-llm');
      expect(llm?.attributes['gen_ai.request.model']).toBe('stub-model');
      const strings = exporter.getFinishedSpans().flatMap(spanStrings).join('\n');
      expect(strings).not.toContain(EMAIL);
    } finally {
      script.reasoner = 'ok';
    }
  });
});

describe('OpenTelemetry tracing disabled (default)', () => {
  it('starts no SDK and exports nothing, even with an exporter at hand', async () => {
    const exporter = new InMemorySpanExporter();
    const t = await startTestApp({}, { spanExporter: exporter });
    try {
      expect(t.app.get<ApiTracing>(API_TRACING).enabled).toBe(false);
      const r = await postJson(`${t.base}/v1/answer`, { question: 'security deposit' });
      expect(r.status).toBe(200);
      expect(exporter.getFinishedSpans()).toEqual([]);
      const line = t.logs.records().find((l) => l['event'] === 'request');
      expect(line).toBeDefined();
      expect(line?.['traceId']).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});
