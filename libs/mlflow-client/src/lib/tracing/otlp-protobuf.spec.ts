import protobuf from 'protobufjs';
import { sampleTrace } from '../../test-fixtures/sample-trace';
import { encodeOtlpTraces, type OtlpExportRequest } from './otlp-json';
import { encodeOtlpProtobuf } from './otlp-protobuf';
import { traceRecordSchema, type TraceRecord } from './trace-record';

// The messages of opentelemetry-proto's trace/v1 and collector/trace/v1 that the encoder writes
// (field numbers as published), decoded by protobufjs: an independent reader of the bytes.
const PROTO = `
syntax = "proto3";
message AnyValue { oneof value { string string_value = 1; bool bool_value = 2; int64 int_value = 3; double double_value = 4; } }
message KeyValue { string key = 1; AnyValue value = 2; }
message Resource { repeated KeyValue attributes = 1; uint32 dropped_attributes_count = 2; }
message InstrumentationScope { string name = 1; string version = 2; }
message Status { string message = 2; int32 code = 3; }
message Span {
  bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; bytes parent_span_id = 4;
  string name = 5; int32 kind = 6; fixed64 start_time_unix_nano = 7; fixed64 end_time_unix_nano = 8;
  repeated KeyValue attributes = 9; Status status = 15;
}
message ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; }
message ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; }
message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
`;
const Request = protobuf.parse(PROTO).root.lookupType('ExportTraceServiceRequest');

const scope = { name: 'test', version: '0.1.0' };

/** The decoded request in the shape of the OTLP/JSON encoding, to compare the two. */
function decode(bytes: Buffer) {
  // The OTLP/JSON shape, except that ids are still base64 (converted to hex below).
  const req = Request.toObject(Request.decode(bytes), {
    longs: String,
    bytes: String,
  }) as OtlpExportRequest;
  const hex = (b64: string) => Buffer.from(b64, 'base64').toString('hex');
  return {
    resourceSpans: req.resourceSpans.map((rs) => ({
      resource: { attributes: [] },
      scopeSpans: rs.scopeSpans.map((ss) => ({
        scope: ss.scope,
        spans: ss.spans.map(({ traceId, spanId, parentSpanId, status, ...rest }) => ({
          ...rest,
          traceId: hex(traceId),
          spanId: hex(spanId),
          ...(parentSpanId ? { parentSpanId: hex(parentSpanId) } : {}),
          status: status.message ? { code: status.code, message: status.message } : status,
        })),
      })),
    })),
  };
}

/** The same request through the OTLP/JSON encoder, attributes in the same order. */
function viaJson(traces: TraceRecord[], tagsOnRoot?: (t: TraceRecord) => boolean) {
  return JSON.parse(JSON.stringify(encodeOtlpTraces(traces, scope, tagsOnRoot))) as unknown;
}

describe('OTLP protobuf encoding of traces', () => {
  const trace = traceRecordSchema.parse(
    sampleTrace('Wie hoch ist die Kaution? 😀 – “deposit”', {
      start: 1_700_000_000_000.5,
      assessments: true,
    }),
  );
  const failed = traceRecordSchema.parse(sampleTrace('q', { error: true }));

  it('carries exactly what the OTLP/JSON encoding carries (ids, times, attributes, status)', () => {
    expect(decode(encodeOtlpProtobuf([trace, failed], scope))).toEqual(viaJson([trace, failed]));
  });

  it('leaves the tags off the root span of a trace whose tags go with its trace info', () => {
    const tagsOff = (t: TraceRecord) => t !== trace;
    const decoded = decode(encodeOtlpProtobuf([trace, failed], scope, tagsOff));
    expect(decoded).toEqual(viaJson([trace, failed], tagsOff));
    const root = decoded.resourceSpans[0]?.scopeSpans[0]?.spans[0];
    expect(root?.attributes.some((a) => a.key.startsWith('mlflow.traceTag.'))).toBe(false);
  });

  it('writes non-ASCII text as UTF-8 and large attributes with multi-byte lengths', () => {
    const big = traceRecordSchema.parse({
      ...trace,
      spans: [{ ...trace.spans[0], outputs: { answer: 'ü'.repeat(70_000) } }],
    });
    const span = decode(encodeOtlpProtobuf([big], scope)).resourceSpans[0]?.scopeSpans[0]?.spans[0];
    const outputs = span?.attributes.find((a) => a.key === 'mlflow.spanOutputs');
    expect(JSON.parse(outputs?.value.stringValue ?? '{}')).toEqual({ answer: 'ü'.repeat(70_000) });
    expect(span?.startTimeUnixNano).toBe('1700000000000500000');
  });

  it('refuses an id that is not hex instead of sending a corrupt request', () => {
    const bad = { ...trace, traceId: 'z'.repeat(32) };
    expect(() => encodeOtlpProtobuf([bad], scope)).toThrow(/traceId must be 32 hex digits/);
  });
});
