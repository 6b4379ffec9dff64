import { MlflowClientError } from '../errors/mlflow-client-error';
import { spanAttributes, type SpanAttribute } from './otlp-json';
import type { SpanRecord, TraceRecord } from './trace-record';

/** Content type of an OTLP/HTTP protobuf request. */
export const OTLP_PROTOBUF_CONTENT_TYPE = 'application/x-protobuf';

/** `SPAN_KIND_INTERNAL`: every step runs inside the process that records it. */
const KIND_INTERNAL = 1;
const STATUS_OK = 1;
const STATUS_ERROR = 2;
const TRACE_ID_BYTES = 16;
const SPAN_ID_BYTES = 8;

/** Bytes of a varint. */
function varintSize(n: number): number {
  let size = 1;
  while (n >= 0x80) {
    n >>>= 7;
    size++;
  }
  return size;
}

/** Bytes of a length-delimited field (one-byte tag) holding `len` bytes. */
function fieldSize(len: number): number {
  return 1 + varintSize(len) + len;
}

/** One span with what its encoding needs, sized before anything is written. */
interface SizedSpan {
  traceId: string;
  span: SpanRecord;
  attributes: SpanAttribute[];
  /** Per attribute: UTF-8 bytes of key and value, and of the AnyValue and KeyValue messages. */
  sizes: number[];
  statusSize: number;
  statusMessageBytes: number;
  nameBytes: number;
  size: number;
}

function sizeSpan(trace: TraceRecord, span: SpanRecord, withTags: boolean): SizedSpan {
  const attributes = spanAttributes(trace, span, withTags);
  const sizes: number[] = [];
  const nameBytes = Buffer.byteLength(span.name);
  let size =
    fieldSize(TRACE_ID_BYTES) +
    fieldSize(SPAN_ID_BYTES) +
    (span.parentSpanId === undefined ? 0 : fieldSize(SPAN_ID_BYTES)) +
    fieldSize(nameBytes) +
    2 + // kind
    18; // start and end: fixed64 each
  for (const [key, value] of attributes) {
    const keyBytes = Buffer.byteLength(key);
    const valueBytes = Buffer.byteLength(value);
    const anyValue = fieldSize(valueBytes);
    const keyValue = fieldSize(keyBytes) + fieldSize(anyValue);
    sizes.push(keyBytes, valueBytes, anyValue, keyValue);
    size += fieldSize(keyValue);
  }
  const statusMessageBytes =
    span.statusMessage === undefined ? -1 : Buffer.byteLength(span.statusMessage);
  const statusSize = (statusMessageBytes < 0 ? 0 : fieldSize(statusMessageBytes)) + 2;
  size += fieldSize(statusSize);
  return {
    traceId: trace.traceId,
    span,
    attributes,
    sizes,
    statusSize,
    statusMessageBytes,
    nameBytes,
    size,
  };
}

/** Writes into one buffer sized in advance: no intermediate buffers, every string copied once. */
class ProtoWriter {
  pos = 0;
  constructor(readonly buf: Buffer) {}

  varint(n: number): void {
    while (n >= 0x80) {
      this.buf[this.pos++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    this.buf[this.pos++] = n;
  }

  /** A length-delimited field's tag and length; its bytes follow. */
  head(field: number, len: number): void {
    this.buf[this.pos++] = (field << 3) | 2;
    this.varint(len);
  }

  string(field: number, text: string, bytes: number): void {
    this.head(field, bytes);
    this.pos += this.buf.write(text, this.pos, bytes, 'utf8');
  }

  hexId(field: number, hex: string, bytes: number, what: string): void {
    this.head(field, bytes);
    if (hex.length !== bytes * 2 || this.buf.write(hex, this.pos, bytes, 'hex') !== bytes)
      throw new MlflowClientError('invalid_argument', `${what} must be ${bytes * 2} hex digits.`, {
        where: what,
      });
    this.pos += bytes;
  }

  uint(field: number, n: number): void {
    this.buf[this.pos++] = field << 3;
    this.varint(n);
  }

  fixed64(field: number, value: bigint): void {
    this.buf[this.pos++] = (field << 3) | 1;
    this.buf.writeBigUInt64LE(value, this.pos);
    this.pos += 8;
  }
}

function nanos(ms: number): bigint {
  // Epoch ns exceed 2^53: whole microseconds are exact as a double, the rest is BigInt.
  return BigInt(Math.round(ms * 1000)) * 1000n;
}

function writeSpan(w: ProtoWriter, s: SizedSpan): void {
  const { span } = s;
  w.head(2, s.size); // ScopeSpans.spans
  w.hexId(1, s.traceId, TRACE_ID_BYTES, 'traceId');
  w.hexId(2, span.spanId, SPAN_ID_BYTES, 'spanId');
  if (span.parentSpanId !== undefined) w.hexId(4, span.parentSpanId, SPAN_ID_BYTES, 'parentSpanId');
  w.string(5, span.name, s.nameBytes);
  w.uint(6, KIND_INTERNAL);
  w.fixed64(7, nanos(span.startTimeMs));
  w.fixed64(8, nanos(Math.max(span.endTimeMs, span.startTimeMs)));
  s.attributes.forEach(([key, value], i) => {
    const j = i * 4;
    w.head(9, s.sizes[j + 3] as number); // KeyValue
    w.string(1, key, s.sizes[j] as number);
    w.head(2, s.sizes[j + 2] as number); // AnyValue
    w.string(1, value, s.sizes[j + 1] as number); // string_value
  });
  w.head(15, s.statusSize);
  if (span.statusMessage !== undefined) w.string(2, span.statusMessage, s.statusMessageBytes);
  w.uint(3, span.status === 'OK' ? STATUS_OK : STATUS_ERROR);
}

/**
 * The OTLP protobuf `ExportTraceServiceRequest` of `traces` (opentelemetry-proto field numbers):
 * the same spans and attributes as {@link encodeOtlpTraces}'s OTLP/JSON, which MLflow reads the
 * same way. Protobuf costs both sides less: an attribute's JSON is copied into the request as
 * bytes instead of being escaped into a JSON string a second time, and MLflow parses it natively
 * instead of converting the JSON ids and re-parsing the document.
 * @throws MlflowClientError `invalid_argument` for a trace or span id that is not hex.
 */
export function encodeOtlpProtobuf(
  traces: readonly TraceRecord[],
  scope: { name: string; version: string },
  tagsOnRoot: (trace: TraceRecord) => boolean = () => true,
): Buffer {
  const spans: SizedSpan[] = [];
  const nameBytes = Buffer.byteLength(scope.name);
  const versionBytes = Buffer.byteLength(scope.version);
  const scopeSize = fieldSize(nameBytes) + fieldSize(versionBytes);
  let scopeSpansSize = fieldSize(scopeSize);
  for (const trace of traces) {
    const withTags = tagsOnRoot(trace);
    trace.spans.forEach((span, i) => {
      const sized = sizeSpan(trace, span, withTags && i === 0);
      spans.push(sized);
      scopeSpansSize += fieldSize(sized.size);
    });
  }
  const resourceSpansSize = fieldSize(0) + fieldSize(scopeSpansSize);
  const w = new ProtoWriter(Buffer.allocUnsafe(fieldSize(resourceSpansSize)));
  w.head(1, resourceSpansSize); // ExportTraceServiceRequest.resource_spans
  w.head(1, 0); // ResourceSpans.resource: no attributes
  w.head(2, scopeSpansSize); // ResourceSpans.scope_spans
  w.head(1, scopeSize); // ScopeSpans.scope
  w.string(1, scope.name, nameBytes);
  w.string(2, scope.version, versionBytes);
  for (const s of spans) writeSpan(w, s);
  if (w.pos !== w.buf.length)
    throw new MlflowClientError('invalid_argument', 'OTLP protobuf encoding: size mismatch.', {
      where: 'encodeOtlpProtobuf',
    });
  return w.buf;
}
