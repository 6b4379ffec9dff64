/* eslint-disable no-useless-escape -- '-' and '/' are escaped inside character classes on purpose, so a class stays correct when edited. */
import { ENTITY_PRIORITY } from '../entity-types';
import type { Detector } from './detector';
import { eachMatch } from '../text/each-match';

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
