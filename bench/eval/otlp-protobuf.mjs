// A plain OTLP protobuf encoder (ExportTraceServiceRequest, opentelemetry-proto field numbers)
// for bench/eval/ingest-cost.mjs: what MLflow's server spends on spans sent as protobuf instead
// of mlflow-client's OTLP/JSON. One small Buffer per field: simple, not fast (measurement only).
class Writer {
  parts = [];
  length = 0;
  raw(b) {
    this.parts.push(b);
    this.length += b.length;
  }
  varint(n) {
    const bytes = [];
    while (n > 127) {
      bytes.push((n & 127) | 128);
      n = Math.floor(n / 128);
    }
    bytes.push(n);
    this.raw(Buffer.from(bytes));
  }
  tag(field, wireType) {
    this.varint(field * 8 + wireType);
  }
  bytes(field, b) {
    this.tag(field, 2);
    this.varint(b.length);
    this.raw(b);
  }
  string(field, s) {
    this.bytes(field, Buffer.from(s, 'utf8'));
  }
  message(field, w) {
    this.tag(field, 2);
    this.varint(w.length);
    for (const p of w.parts) this.raw(p);
  }
  fixed64(field, big) {
    this.tag(field, 1);
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(big);
    this.raw(b);
  }
  uint(field, n) {
    this.tag(field, 0);
    this.varint(n);
  }
  done() {
    return Buffer.concat(this.parts, this.length);
  }
}

function keyValue(key, value) {
  const any = new Writer();
  any.string(1, value); // AnyValue.string_value
  const kv = new Writer();
  kv.string(1, key);
  kv.message(2, any);
  return kv;
}

const nanos = (ms) => BigInt(Math.round(ms * 1000)) * 1000n;

/**
 * The protobuf ExportTraceServiceRequest of trace records (mlflow-client's TraceRecord), with
 * the same MLflow attributes as its OTLP/JSON encoding; tags on the root span when `withTags`.
 */
export function encodeOtlpProtobuf(traces, scope, withTags = () => true) {
  const scopeSpans = new Writer();
  const s = new Writer();
  s.string(1, scope.name);
  s.string(2, scope.version);
  scopeSpans.message(1, s);
  for (const trace of traces)
    trace.spans.forEach((span, i) => {
      const w = new Writer();
      w.bytes(1, Buffer.from(trace.traceId, 'hex'));
      w.bytes(2, Buffer.from(span.spanId, 'hex'));
      if (span.parentSpanId) w.bytes(4, Buffer.from(span.parentSpanId, 'hex'));
      w.string(5, span.name);
      w.uint(6, 1); // SPAN_KIND_INTERNAL
      w.fixed64(7, nanos(span.startTimeMs));
      w.fixed64(8, nanos(Math.max(span.endTimeMs, span.startTimeMs)));
      const attr = (k, v) => w.message(9, keyValue(k, JSON.stringify(v)));
      attr('mlflow.spanType', span.spanType);
      if (span.inputs !== undefined) attr('mlflow.spanInputs', span.inputs);
      if (span.outputs !== undefined) attr('mlflow.spanOutputs', span.outputs);
      if (span.tokenUsage)
        attr('mlflow.chat.tokenUsage', {
          input_tokens: span.tokenUsage.inputTokens,
          output_tokens: span.tokenUsage.outputTokens,
          total_tokens: span.tokenUsage.totalTokens,
        });
      if (span.model !== undefined) attr('mlflow.llm.model', span.model);
      for (const [k, v] of Object.entries(span.attributes)) attr(k, v);
      if (i === 0 && withTags(trace))
        for (const [k, v] of Object.entries(trace.tags))
          w.message(9, keyValue(`mlflow.traceTag.${k}`, v));
      const status = new Writer();
      if (span.statusMessage) status.string(2, span.statusMessage);
      status.uint(3, span.status === 'OK' ? 1 : 2);
      w.message(15, status);
      scopeSpans.message(2, w);
    });
  const resourceSpans = new Writer();
  resourceSpans.message(1, new Writer());
  resourceSpans.message(2, scopeSpans);
  const request = new Writer();
  request.message(1, resourceSpans);
  return request.done();
}
