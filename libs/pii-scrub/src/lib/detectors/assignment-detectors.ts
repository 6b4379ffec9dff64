/* eslint-disable no-useless-escape -- '-' and '/' are escaped inside character classes on purpose, so a class stays correct when edited. */
import { ENTITY_PRIORITY } from '../entity-types';
import { looksRandom } from './secret-detectors';
import type { Detector } from './detector';
import { eachMatch } from '../text/each-match';
import { followedBy, type TriggerSpec } from './trigger-spec';

const always = () => true;

/** Values that are references or placeholders, not secrets. */
const NOT_A_SECRET =
  /^(?:\$\{[^}]*\}|\$\(?[A-Za-z_]\w*\)?|\{\{[^}]*\}\}|%\(?\w*\)?[sd]|%[A-Z_]+%|<[^>]*>|\[[^\]]*\]|\*+|x+|X+|\.+|-+|#+|null|nil|none|undefined|true|false|redacted|masked|hidden|changeme|your[_\-]?\w*|example\w*|placeholder|secret|password|token|string|process\.env\.\w+|os\.environ.*|env\(.*|getenv\(.*|\w+\(\)?)$/i;

/**
 * Reads the value that starts at `from` (after `=`/`:`): quoted up to the closing quote on
 * the same line, else up to whitespace or a delimiter. Returns [start, end] or null.
 */
export function readAssignedValue(text: string, from: number): [number, number] | null {
  let i = from;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  const q = text[i];
  if (q === '"' || q === "'" || q === '`') {
    const start = i + 1;
    let j = start;
    while (j < text.length && j - start < 4096) {
      const c = text[j];
      if (c === '\\') {
        j += 2;
        continue;
      }
      if (c === q || c === '\n') break;
      j++;
    }
    if (text[j] !== q) return null;
    return [start, j];
  }
  if (q === '\\' && text[i + 1] === '"') {
    // A value inside JSON embedded in a string: `\"password\": \"...\"`.
    const start = i + 2;
    const end = text.indexOf('\\"', start);
    return end > start && end - start < 4096 ? [start, end] : null;
  }
  const start = i;
  let j = start;
  while (j < text.length && j - start < 4096 && !/[\s,;&"'<>)\]}|\\]/.test(text[j] ?? '')) j++;
  return j > start ? [start, j] : null;
}

/** Whether an assigned value is a real-looking secret (not empty, a template or a stand-in). */
export function isNonTrivialSecret(value: string, minLength: number): boolean {
  if (value.length < minLength) return false;
  if (/^(?:\$\{|\$\(|\{\{|\{%|%\(|<[A-Za-z_])/.test(value)) return false;
  if (NOT_A_SECRET.test(value)) return false;
  if (new Set(value).size < 3) return false;
  return true;
}

const AWS_SECRET =
  /(?:aws_?secret_?(?:access_?)?key|secret_?access_?key|SecretAccessKey)["'\\]*\s*[:=]>?\s*["'\\]*([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi;

/** AWS secret access keys (40 base64 characters) in an assignment. */
export const awsSecretKeyDetector: Detector = {
  type: 'aws_secret_key',
  priority: ENTITY_PRIORITY.aws_secret_key,
  triggers: ['secretaccess', 'secret_access', 'awssecret', 'aws_secret'],
  mayMatch: always,
  scan(text, emit) {
    eachMatch(AWS_SECRET, text, (m) => {
      const v = m[1] ?? '';
      if (looksRandom(v)) emit(m.index + m[0].length - v.length, m.index + m[0].length);
    });
  },
};

const AUTH_HEADER =
  /\b(?:proxy-)?authorization["'\\]*\s*[:=]\s*["'\\]*(?:(?:bearer|basic|token|digest|negotiate|apikey|sso-key|aws4-hmac-sha256)\s+)?/gi;
const BARE_SCHEME = /\b(?:[Bb]earer|Basic|Token)\s+(?=[A-Za-z0-9._~+\/\-]{12})/g;
const CREDENTIAL = /[A-Za-z0-9._~+\/\-=:,]+/y;

/** `Authorization: Bearer …` / `Basic …` headers and bare `Bearer <token>`: the credential. */
export const authHeaderDetector: Detector = {
  type: 'auth_header',
  priority: ENTITY_PRIORITY.auth_header,
  triggers: ['authorization', 'bearer ', 'basic ', 'token '],
  mayMatch: always,
  scan(text, emit) {
    const take = (from: number, minLength: number, strict: boolean) => {
      CREDENTIAL.lastIndex = from;
      const c = CREDENTIAL.exec(text);
      if (!c) return;
      const value = c[0].replace(/[,.:]+$/, '');
      if (!isNonTrivialSecret(value, minLength)) return;
      if (strict && !(looksRandom(value) || /[=._\-]/.test(value))) return;
      emit(from, from + value.length);
    };
    eachMatch(AUTH_HEADER, text, (m) => take(m.index + m[0].length, 6, false));
    eachMatch(BARE_SCHEME, text, (m) => take(m.index + m[0].length, 12, true));
  },
};

const KEYWORD =
  /(?:pass(?:word|wd|phrase)?|pwd|secret|token|api[_\-]?key|apikey|access[_\-]?key|private[_\-]?key|auth[_\-]?key|signing[_\-]?key|encryption[_\-]?key|client[_\-]?secret|credentials?|session[_\-]?(?:id|key|token))(?:[_\-]?(?:key|value|token|string|hash))?["'\\]*\s*(?::=|=>|[:=])/gi;
const SHORT_KEYWORDS = /^(?:pass(?:word|wd|phrase)?|pwd)/i;

/**
 * Triggers equivalent to KEYWORD's start: each keyword followed by what KEYWORD allows next
 * (a `_`/`-`/glued suffix, a quote or backslash, `:` or `=` after optional whitespace), so
 * prose such as `passage`, `tokens` or `the token is` does not wake the detector.
 */
const KEYWORD_TRIGGERS: readonly TriggerSpec[] = (() => {
  const keyed = ['api', 'access', 'private', 'auth', 'signing', 'encryption', 'session'];
  const words = [
    'pass',
    'password',
    'passwd',
    'passphrase',
    'pwd',
    'secret',
    'token',
    'credential',
    'credentials',
    ...keyed.flatMap((k) => ['', '_', '-'].map((sep) => `${k}${sep}key`)),
    ...['', '_', '-'].map((sep) => `session${sep}id`),
  ];
  return followedBy(words, [...`_-"'\\:=`, ' :', ' =', 'key', 'value', 'token', 'string', 'hash']);
})();

/**
 * Generic `password=…`, `secret: …`, `token = "…"`, `api_key=…` assignments (env files, query
 * strings, YAML, JSON text, logs) whose value is not trivial.
 */
export const secretAssignmentDetector: Detector = {
  type: 'secret_assignment',
  priority: ENTITY_PRIORITY.secret_assignment,
  triggers: KEYWORD_TRIGGERS,
  mayMatch: always,
  scan(text, emit) {
    eachMatch(KEYWORD, text, (m) => {
      const prev = text.charCodeAt(m.index - 1);
      // `compass=`, `bypass:`, `mytoken=`: the keyword must start a word or a camelCase part.
      const first = text.charCodeAt(m.index);
      if (prev >= 97 && prev <= 122 && !(first >= 65 && first <= 90)) return;
      if (prev >= 65 && prev <= 90 && first >= 97 && first <= 122) return;
      // Inside a URL authority (`https://x-access-token:…@host`) the URL detectors decide.
      if (/:\/\/[^\s/@]*$/.test(text.slice(Math.max(0, m.index - 300), m.index))) return;
      const span = readAssignedValue(text, m.index + m[0].length);
      if (!span) return;
      const value = text.slice(span[0], span[1]);
      const min = SHORT_KEYWORDS.test(m[0]) ? 4 : 8;
      if (!isNonTrivialSecret(value, min)) return;
      if (min === 8 && /^\d{1,11}$/.test(value)) return;
      emit(span[0], span[1]);
    });
  },
};
