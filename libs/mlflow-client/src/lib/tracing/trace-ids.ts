import { createHash, randomBytes } from 'node:crypto';

/** Random bytes drawn ahead: one `randomBytes` call serves many ids (a call costs ~3 µs). */
const POOL_BYTES = 4096;
let pool = randomBytes(POOL_BYTES);
let used = 0;

function randomHex(bytes: number): string {
  if (used + bytes > POOL_BYTES) {
    pool = randomBytes(POOL_BYTES);
    used = 0;
  }
  const hex = pool.toString('hex', used, used + bytes);
  used += bytes;
  return hex;
}

/** A new random OpenTelemetry trace id (32 hex digits). */
export function newTraceId(): string {
  return randomHex(16);
}

/** A new random OpenTelemetry span id (16 hex digits). */
export function newSpanId(): string {
  return randomHex(8);
}

/**
 * The id of an assessment derived from what it is about, so that sending the same trace
 * again (a replayed spool entry, a retried batch) updates it instead of adding a copy.
 */
export function derivedAssessmentId(traceId: string, name: string, sourceId: string): string {
  const hex = createHash('sha256').update(`${traceId}\0${name}\0${sourceId}`).digest('hex');
  return `a-${hex.slice(0, 32)}`;
}
