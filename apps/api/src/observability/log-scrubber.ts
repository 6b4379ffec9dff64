/** Replaces personal data and secrets in one string; must never throw. */
export interface TextScrubber {
  (text: string): string;
  /**
   * Scrubs the strings of one log line together, with one pseudonym map: the same phone
   * number in the question and in the answer is the same `<PHONE_1>`. Must never throw.
   */
  together?: (texts: readonly string[]) => string[];
}

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

/** A string of the line that the scrubber changed, and where its scrubbed copy goes. */
interface Changed {
  original: string;
  put: (scrubbed: string) => void;
}

function walk(value: unknown, scrub: TextScrubber, depth: number, changed: Changed[]): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[depth]';
  if (Array.isArray(value)) {
    const out: unknown[] = new Array<unknown>(value.length);
    value.forEach((v, i) => {
      out[i] = leaf(v, scrub, depth, changed, (s) => (out[i] = s));
    });
    return out;
  }
  if (value instanceof Error) {
    const code = 'code' in value && typeof value.code === 'string' ? value.code : undefined;
    const error = { type: value.name, code, message: '' };
    error.message = leaf(
      value.message,
      scrub,
      depth,
      changed,
      (s) => (error.message = s),
    ) as string;
    return error;
  }
  const out: Record<string, unknown> = {};
  const record = value as Record<string, unknown>;
  for (const k in record) {
    if (!Object.prototype.hasOwnProperty.call(record, k)) continue;
    if (isSecretKey(k)) continue;
    const v = record[k];
    // Undefined fields are not written anyway; skipping them saves the copy.
    if (v === undefined) continue;
    out[k] = leaf(v, scrub, depth, changed, (s) => (out[k] = s));
  }
  return out;
}

function leaf(
  v: unknown,
  scrub: TextScrubber,
  depth: number,
  changed: Changed[],
  put: (scrubbed: string) => void,
): unknown {
  if (typeof v !== 'string') return walk(v, scrub, depth + 1, changed);
  const s = scrub(v);
  if (s !== v) changed.push({ original: v, put });
  return s;
}

/**
 * Returns a copy of `value` with every string passed through `scrub` and secret-named keys
 * dropped. Logs carry ids, counts and latencies; this is the last line of defence for the
 * strings that do get in (error messages, opted-in question text). When two or more strings
 * of the line held something to replace, they are scrubbed again together (`scrub.together`)
 * so that the line has one pseudonym map; lines without findings cost nothing more.
 */
export function scrubLogValue(value: unknown, scrub: TextScrubber): unknown {
  if (typeof value === 'string') return scrub(value);
  const changed: Changed[] = [];
  const out = walk(value, scrub, 0, changed);
  if (changed.length >= 2 && scrub.together !== undefined) {
    const together = scrub.together(changed.map((c) => c.original));
    changed.forEach((c, i) => c.put(together[i] ?? '<UNSCRUBBABLE>'));
  }
  return out;
}
