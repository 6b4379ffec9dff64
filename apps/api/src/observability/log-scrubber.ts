/** Replaces personal data and secrets in one string; must never throw. */
export type TextScrubber = (text: string) => string;

/** Keys whose values are never logged, whatever the caller passes. */
const SECRET_KEYS = new Set([
  'authorization',
  'x-api-key',
  'apikey',
  'api_key',
  'password',
  'token',
]);

const MAX_DEPTH = 8;

// Key → whether it names a secret. Log keys come from a small, fixed vocabulary, so each is
// lower-cased once instead of on every line; bounded in case a caller logs arbitrary keys.
const secretKeyMemo = new Map<string, boolean>();
const SECRET_KEY_MEMO_MAX = 10_000;

function isSecretKey(key: string): boolean {
  let secret = secretKeyMemo.get(key);
  if (secret === undefined) {
    secret = SECRET_KEYS.has(key) || SECRET_KEYS.has(key.toLowerCase());
    if (secretKeyMemo.size >= SECRET_KEY_MEMO_MAX) secretKeyMemo.clear();
    secretKeyMemo.set(key, secret);
  }
  return secret;
}

/**
 * Returns a copy of `value` with every string passed through `scrub` and secret-named keys
 * dropped. Logs carry ids, counts and latencies; this is the last line of defence for the
 * strings that do get in (error messages, opted-in question text).
 */
export function scrubLogValue(value: unknown, scrub: TextScrubber, depth = 0): unknown {
  if (typeof value === 'string') return scrub(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[depth]';
  if (Array.isArray(value)) return value.map((v) => scrubLogValue(v, scrub, depth + 1));
  if (value instanceof Error) {
    const code = 'code' in value && typeof value.code === 'string' ? value.code : undefined;
    return { type: value.name, code, message: scrub(value.message) };
  }
  const out: Record<string, unknown> = {};
  const record = value as Record<string, unknown>;
  for (const k in record) {
    if (!Object.prototype.hasOwnProperty.call(record, k)) continue;
    if (isSecretKey(k)) continue;
    const v = record[k];
    // Undefined fields are not written anyway; skipping them saves the copy.
    if (v === undefined) continue;
    out[k] = scrubLogValue(v, scrub, depth + 1);
  }
  return out;
}
