import { sampleTrace } from '../../test-fixtures/sample-trace';
import { encodeOtlpTraces } from './otlp-json';
import { traceInfoRequest } from './trace-info-request';
import { traceRecordSchema } from './trace-record';

const scope = { name: 'test', version: '0' };

/** The spans of an encoded request (one resource, one scope). */
function spansOf(request: ReturnType<typeof encodeOtlpTraces>) {
  return request.resourceSpans[0]?.scopeSpans[0]?.spans ?? [];
}

describe('OTLP/JSON encoding of traces', () => {
  const trace = traceRecordSchema.parse(
    sampleTrace('What is the deposit?', { start: 1_700_000_000_000.5, assessments: true }),
  );
  const [root, retrieve, reason] = spansOf(encodeOtlpTraces([trace], scope));
  const attr = (span: typeof root, key: string) =>
    span?.attributes.find((a) => a.key === key)?.value.stringValue ?? 'null';

  it('writes ids as hex, times as nanoseconds and the parent of each child', () => {
    expect(root).toMatchObject({ traceId: trace.traceId, spanId: trace.spans[0]?.spanId, kind: 1 });
    expect(root?.parentSpanId).toBeUndefined();
    expect(retrieve?.parentSpanId).toBe(root?.spanId);
    expect(root?.startTimeUnixNano).toBe('1700000000000500000');
    expect(root?.endTimeUnixNano).toBe('1700000000030500000');
  });

  it('JSON-encodes the attributes MLflow reads and puts the tags on the root span only', () => {
    expect(JSON.parse(attr(root, 'mlflow.spanType'))).toBe('CHAIN');
    expect(JSON.parse(attr(root, 'mlflow.spanInputs'))).toEqual({
      question: 'What is the deposit?',
    });
    expect(JSON.parse(attr(retrieve, 'mlflow.spanOutputs'))[0].page_content).toContain('deposit');
    expect(JSON.parse(attr(reason, 'mlflow.chat.tokenUsage'))).toEqual({
      input_tokens: 40,
      output_tokens: 6,
      total_tokens: 46,
    });
    // Tag values go unencoded: MLflow's ingestion decodes them once.
    expect(attr(root, 'mlflow.traceTag.cited.tenant')).toBe('acme');
    expect(attr(retrieve, 'mlflow.traceTag.cited.tenant')).toBe('null');
    expect(root?.status).toEqual({ code: 1 });
  });

  it('leaves the tags off the root span of a trace whose tags are sent with its trace info', () => {
    const [withInfo] = spansOf(encodeOtlpTraces([trace], scope, () => false));
    expect(attr(withInfo, 'mlflow.traceTag.cited.tenant')).toBe('null');
    expect(JSON.parse(attr(withInfo, 'mlflow.spanType'))).toBe('CHAIN');
  });

  it('marks an error span and keeps its message', () => {
    const failed = traceRecordSchema.parse(sampleTrace('q', { error: true }));
    const span = spansOf(encodeOtlpTraces([failed], scope))[0];
    expect(span?.status).toEqual({ code: 2, message: 'llm_timeout' });
  });

  it('builds the StartTraceV3 info: run link, token usage, trace name, derived assessment ids', () => {
    const info = traceInfoRequest(trace, { experimentId: '7', runId: 'r1' }).trace.traceInfo;
    expect(info.traceId).toBe(`tr-${trace.traceId}`);
    expect(info.traceMetadata).toMatchObject({ 'mlflow.sourceRun': 'r1' });
    expect(JSON.parse(info.traceMetadata['mlflow.trace.tokenUsage'] ?? 'null')).toMatchObject({
      total_tokens: 46,
    });
    expect(info.tags).toMatchObject({ 'mlflow.traceName': 'answer', 'cited.pipeline': 'dspy' });
    expect(info.executionDuration).toBe('0.030000s');
    const again = traceInfoRequest(trace, { experimentId: '7' }).trace.traceInfo;
    expect(again.assessments.map((a) => a.assessmentId)).toEqual(
      info.assessments.map((a) => a.assessmentId),
    );
    expect(new Set(info.assessments.map((a) => a.assessmentId)).size).toBe(3);
  });
});

describe('trace validation', () => {
  it('names the first problem', () => {
    const bad = sampleTrace('q');
    const spans = bad.spans as { parentSpanId?: string }[];
    (spans[2] as { parentSpanId?: string }).parentSpanId = 'ffffffffffffffff';
    const r = traceRecordSchema.safeParse(bad);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ path: ['spans', 2, 'parentSpanId'] });
    expect(traceRecordSchema.safeParse({ ...sampleTrace('q'), traceId: 'xyz' }).success).toBe(
      false,
    );
    const nan = sampleTrace('q');
    (nan.spans[0] as { outputs: unknown }).outputs = { score: Number.NaN };
    expect(traceRecordSchema.safeParse(nan).success).toBe(false);
  });
});
