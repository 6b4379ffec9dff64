/* eslint-disable no-useless-escape -- '-' and '/' are escaped inside character classes on purpose, so a class stays correct when edited. */
import { ENTITY_PRIORITY } from '../entity-types';
import { digitGroups, longestValidPrefix, type DigitGroup } from './digit-groups';
import type { Detector } from './detector';
import { eachMatch } from '../text/each-match';
import { isDigitCode, isWordCode, prevIs } from '../text/char-predicates';
import { hasFacts, PROBE_FACTS } from './text-probe';

const LOCAL_CHAR = /[A-Za-z0-9._%+\-']/;
const DOMAIN_CHAR = /[A-Za-z0-9.\-]/;
/** TLD-looking suffixes that are really file extensions (`icon@2x.png`). */
const FILE_EXTENSIONS = new Set([
  'png',
  'jpg',
  'jpeg',
  'gif',
  'svg',
  'webp',
  'js',
  'ts',
  'css',
  'json',
  'map',
  'mjs',
  'cjs',
  'tgz',
]);

/** E-mail addresses, found by expanding around each `@` in code (no regex backtracking). */
export const emailDetector: Detector = {
  type: 'email',
  priority: ENTITY_PRIORITY.email,
  triggers: ['@'],
  mayMatch: () => true,
  scan(text, emit) {
    let at = text.indexOf('@');
    while (at >= 0) {
      let s = at;
      while (s > 0 && at - s < 64 && LOCAL_CHAR.test(text[s - 1] ?? '')) s--;
      while (s < at && (text[s] === '.' || text[s] === "'")) s++;
      let e = at + 1;
      while (e < text.length && e - at < 256 && DOMAIN_CHAR.test(text[e] ?? '')) e++;
      while (e > at + 1 && (text[e - 1] === '.' || text[e - 1] === '-')) e--;
      if (s < at && e > at + 1) {
        const domain = text.slice(at + 1, e);
        const labels = domain.split('.');
        const tld = labels[labels.length - 1] ?? '';
        const ok =
          labels.length >= 2 &&
          labels.every((l) => l.length > 0 && l.length <= 63 && l[0] !== '-') &&
          /^[A-Za-z]{2,24}$/.test(tld) &&
          !FILE_EXTENSIONS.has(tld.toLowerCase()) &&
          !(
            text[s - 1] === ':' && /\/\/[^\s/@:]*$/.test(text.slice(Math.max(0, s - 300), s - 1))
          ) &&
          !text.slice(s, at).includes('..');
        if (ok) emit(s, e);
      }
      at = text.indexOf('@', Math.max(e, at + 1));
    }
  },
};

const URL_CREDENTIALS =
  /\b[A-Za-z][A-Za-z0-9+.\-]{1,15}:\/\/([^\s/?#@:"'<>]{1,256}):([^\s/?#@"'<>]{1,256})@/g;
const TOKEN_USERS = new Set([
  'x-access-token',
  'oauth2',
  'x-token-auth',
  'x-oauth-basic',
  'token',
  'oauth',
  'bearer',
]);
const TEMPLATE_VALUE =
  /^(?:\$\{[^}]*\}|\$[A-Za-z_]\w*|\{\{[^}]*\}\}|%\(?\w*\)?s|<[^>]*>|\*+|x+|\.\.\.)$/i;

/** `scheme://user:password@host`: the `user:password` part. Templates (`${PASS}`) are not secrets. */
export const urlCredentialsDetector: Detector = {
  type: 'url_credentials',
  priority: ENTITY_PRIORITY.url_credentials,
  triggers: ['://'],
  mayMatch: () => true,
  scan(text, emit) {
    eachMatch(URL_CREDENTIALS, text, (m) => {
      const user = m[1] ?? '';
      const pass = m[2] ?? '';
      if (TEMPLATE_VALUE.test(pass) || pass.length === 0) return;
      const end = m.index + m[0].length - 1;
      // Fixed user names that mark a token (`x-access-token:<token>@`): only the token is secret.
      if (TOKEN_USERS.has(user.toLowerCase())) emit(end - pass.length, end);
      else emit(end - pass.length - 1 - user.length, end);
    });
  },
};

const PHONE_CANDIDATE =
  /(?:\+\d[\d ().\-\u00a0]{6,24}|\(\d{2,5}\)[\d ().\-\u00a0]{6,20}|\d{2,5}[ .\-\u00a0][\d ().\-\u00a0]{5,20})/g;

/** `+` and 8 digits, a few separator characters apart: the shortest international number. */
const PLUS_RUN = /\+[ ().\-\/\u00a0]{0,3}\d(?:[ ().\-\/\u00a0]{0,3}\d){7}/;

function sepKind(sep: string): string {
  return sep.replace(/[()]/g, '').replace(/\u00a0/g, ' ');
}

function separatorsOk(groups: readonly DigitGroup[]): boolean {
  for (let i = 1; i < groups.length; i++) {
    const sep = groups[i]?.sep ?? '';
    if (sep.length === 0 || sep.length > 2 || !/^[ .\-\u00a0()]+$/.test(sep)) return false;
    if (sep.length === 2 && !sep.includes('(') && !sep.includes(')')) return false;
  }
  return true;
}

function isInternational(groups: readonly DigitGroup[], plus: boolean): boolean {
  if (!plus) return false;
  const digits = groups.map((g) => g.digits).join('');
  return digits.length >= 8 && digits.length <= 15 && digits[0] !== '0' && separatorsOk(groups);
}

function isNanp(groups: readonly DigitGroup[], firstParen: boolean): boolean {
  let g = groups;
  if (g.length === 4 && g[0]?.digits === '1') g = g.slice(1);
  if (g.length !== 3) return false;
  const [a, b, c] = g;
  if (!a || !b || !c || a.digits.length !== 3 || b.digits.length !== 3 || c.digits.length !== 4)
    return false;
  if (a.digits[0] === '0' || a.digits[0] === '1' || b.digits[0] === '0' || b.digits[0] === '1')
    return false;
  const s1 = sepKind(b.sep);
  const s2 = sepKind(c.sep);
  if (s2 === '' || s2.length > 1) return false;
  // `415.555.0132` and `415-555-0132` need the same separator twice; `(415) 555-0132` may mix.
  return firstParen ? s1.length <= 1 : s1 === s2;
}

function isTrunkNational(groups: readonly DigitGroup[]): boolean {
  const first = groups[0];
  if (!first || first.digits[0] !== '0' || first.digits.length < 2 || groups.length < 2)
    return false;
  if (/^0+$/.test(first.digits)) return false;
  // 3-2-4 is the SSN layout, never a trunk-prefixed phone number.
  if (groups.length === 3 && groups.map((g) => g.digits.length).join('-') === '3-2-4') return false;
  const digits = groups.reduce((n, g) => n + g.digits.length, 0);
  if (digits < 9 || digits > 12) return false;
  const seps = new Set(groups.slice(1).map((g) => sepKind(g.sep)));
  if (seps.size !== 1 || seps.has('')) return false;
  return groups.every((g) => g.digits.length >= 2);
}

/** Phone numbers: `+` international (E.164 digit counts), NANP and trunk-0 national forms. */
export const phoneDetector: Detector = {
  type: 'phone',
  priority: ENTITY_PRIORITY.phone,
  // `indexOf` first: scanning for the `+` pattern costs more than this check on most texts.
  needs: ['digit'],
  mayMatch: (t, bits) =>
    hasFacts(bits, PROBE_FACTS.nineDigitRun) || (t.indexOf('+') >= 0 && PLUS_RUN.test(t)),
  scan(text, emit) {
    eachMatch(PHONE_CANDIDATE, text, (m) => {
      if (
        prevIs(text, m.index, '+./-#') ||
        (m[0][0] !== '+' && m[0][0] !== '(' && isDigitCode(text.charCodeAt(m.index - 1)))
      ) {
        PHONE_CANDIDATE.lastIndex = m.index + 1;
        return;
      }
      const cand = m[0];
      const plus = cand[0] === '+';
      const groups = digitGroups(cand);
      const firstParen = cand[0] === '(' || (plus && /^\+\d+[ .\-]?\(/.test(cand));
      const end = longestValidPrefix(groups, plus ? 1 : 2, (p) => {
        const last = p[p.length - 1];
        if (!last) return false;
        const after = text.charCodeAt(m.index + last.end);
        const after2 = text.charCodeAt(m.index + last.end + 1);
        // Reject when glued to more word characters or a decimal point.
        if (isWordCode(after) || ((after === 46 || after === 45) && after2 >= 48 && after2 <= 57))
          return false;
        return (
          isInternational(p, plus) ||
          (!plus && (isNanp(p, firstParen) || (!firstParen && isTrunkNational(p))))
        );
      });
      if (end > 0) {
        emit(m.index, m.index + end);
        PHONE_CANDIDATE.lastIndex = m.index + end;
      } else {
        // A leading non-phone number may have swallowed a real one: rescan after it.
        PHONE_CANDIDATE.lastIndex = m.index + Math.max(1, groups[0]?.end ?? 1);
      }
    });
  },
};
