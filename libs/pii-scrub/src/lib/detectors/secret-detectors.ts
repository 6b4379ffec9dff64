/* eslint-disable no-useless-escape -- '-' and '/' are escaped inside character classes on purpose, so a class stays correct when edited. */
import { ENTITY_PRIORITY, type BuiltInEntityType } from '../entity-types';
import type { Detector } from './detector';
import { eachMatch } from '../text/each-match';
import type { TriggerSpec } from './trigger-spec';

/** True when a token mixes character classes the way random keys do. */
export function looksRandom(token: string): boolean {
  let lower = 0;
  let upper = 0;
  let digit = 0;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c >= 97 && c <= 122) lower++;
    else if (c >= 65 && c <= 90) upper++;
    else if (c >= 48 && c <= 57) digit++;
  }
  const classes = (lower > 0 ? 1 : 0) + (upper > 0 ? 1 : 0) + (digit > 0 ? 1 : 0);
  return classes >= 2 && new Set(token).size >= Math.min(10, token.length / 3);
}

const always = () => true;

/** A key format with a fixed prefix: `triggers` lists the prefixes every match starts with. */
function prefixed(
  type: BuiltInEntityType,
  triggers: readonly TriggerSpec[],
  re: RegExp,
  validate: (m: RegExpExecArray) => boolean = always,
): Detector {
  return {
    type,
    priority: ENTITY_PRIORITY[type],
    triggers,
    mayMatch: always,
    scan(text, emit) {
      eachMatch(re, text, (m) => {
        if (validate(m)) emit(m.index, m.index + m[0].length);
      });
    },
  };
}

const KEY_END = '(?![A-Za-z0-9_\\-])';

/** OpenAI keys: legacy `sk-…T3BlbkFJ…`, `sk-proj-`, `sk-svcacct-`, `sk-admin-`, long `sk-` keys. */
export const openAiKeyDetector = prefixed(
  'openai_key',
  ['sk-'],
  new RegExp(
    `(?<![A-Za-z0-9_\\-])sk-(?!ant-)(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_\\-]{20,250}${KEY_END}`,
    'g',
  ),
  (m) => m[0].includes('T3BlbkFJ') || (m[0].length >= 35 && looksRandom(m[0].slice(3))),
);

/** Anthropic keys: `sk-ant-api03-…`, `sk-ant-admin01-…`, `sk-ant-oat01-…`. */
export const anthropicKeyDetector = prefixed(
  'anthropic_key',
  ['sk-ant-'],
  new RegExp(`(?<![A-Za-z0-9_\\-])sk-ant-[A-Za-z0-9_\\-]{20,250}${KEY_END}`, 'g'),
  (m) => looksRandom(m[0].slice(7)),
);

/** Google API keys: `AIza` + 35 characters. */
export const googleApiKeyDetector = prefixed(
  'google_api_key',
  ['AIza'],
  new RegExp(`(?<![A-Za-z0-9_\\-])AIza[0-9A-Za-z_\\-]{35}${KEY_END}`, 'g'),
);

/** Hugging Face user and org tokens: `hf_` / `api_org_` + 34 letters/digits. */
export const huggingFaceTokenDetector = prefixed(
  'huggingface_token',
  ['hf_', 'api_org_'],
  new RegExp(`(?<![A-Za-z0-9_\\-])(?:hf_|api_org_)[A-Za-z0-9]{30,40}${KEY_END}`, 'g'),
  (m) => looksRandom(m[0].slice(3)),
);

/** AWS access key ids (`AKIA`, `ASIA`, `AROA`, … + 16), anywhere, even glued to lowercase text. */
export const awsAccessKeyIdDetector = prefixed(
  'aws_access_key_id',
  ['A3T', 'AKIA', 'ASIA', 'ABIA', 'ACCA', 'AGPA', 'AIDA', 'AIPA', 'ANPA', 'ANVA', 'AROA', 'APKA'],
  /(?<![A-Z0-9])(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA)[A-Z0-9]{16}(?![A-Z0-9])/g,
);

/** GitHub tokens: classic/OAuth/user/server/refresh (`ghp_` …) and fine-grained `github_pat_`. */
export const githubTokenDetector = prefixed(
  'github_token',
  ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'],
  new RegExp(
    `(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})${KEY_END}`,
    'g',
  ),
);

/** Slack bot/user/app/config tokens (`xoxb-`, `xoxp-`, `xapp-`, `xoxe.xoxp-` …). */
export const slackTokenDetector = prefixed(
  'slack_token',
  ['xox', 'xapp-'],
  /(?<![A-Za-z0-9_\-])(?:xox[abposre](?:\.xox[a-z])?-[A-Za-z0-9\-]{10,250}|xapp-\d-[A-Za-z0-9\-]{10,250})(?![A-Za-z0-9_\-])/g,
  (m) => /\d/.test(m[0]),
);

/** Slack incoming webhooks and workflow triggers. */
export const slackWebhookDetector = prefixed(
  'slack_webhook',
  ['hooks.slack.com'],
  /https?:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_\/\-]{8,300}/g,
);

/** Stripe secret, restricted and webhook-signing keys. */
export const stripeKeyDetector = prefixed(
  'stripe_key',
  ['_live_', '_test_', '_prod_', 'whsec_'],
  new RegExp(
    `(?<![A-Za-z0-9_])(?:(?:sk|rk)_(?:live|test|prod)_[A-Za-z0-9]{10,250}|whsec_[A-Za-z0-9+/=]{24,250})${KEY_END}`,
    'g',
  ),
);

function decodesToJsonObject(part: string): boolean {
  try {
    const json = Buffer.from(part, 'base64url').toString('utf8');
    return json.startsWith('{') && json.trimEnd().endsWith('}');
  } catch {
    return false;
  }
}

/** JWTs (JWS compact form): header and payload must decode to JSON objects. */
export const jwtDetector = prefixed(
  'jwt',
  // The payload part always starts `.eyJ` (a JSON object, base64url).
  ['.eyJ'],
  /(?<![A-Za-z0-9_\-])eyJ[A-Za-z0-9_\-]{8,4000}\.eyJ[A-Za-z0-9_\-]{2,16000}\.[A-Za-z0-9_\-]{0,2000}(?![A-Za-z0-9_\-])/g,
  (m) => {
    const [h, p] = m[0].split('.');
    return decodesToJsonObject(h ?? '') && decodesToJsonObject(p ?? '');
  },
);

const PEM_BEGIN = /-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----/g;

/** PEM private key blocks (RSA, EC, DSA, OPENSSH, PGP, encrypted); a truncated block too. */
export const privateKeyDetector: Detector = {
  type: 'private_key',
  priority: ENTITY_PRIORITY.private_key,
  triggers: ['-----BEGIN'],
  mayMatch: always,
  scan(text, emit) {
    eachMatch(PEM_BEGIN, text, (m) => {
      const label = m[1] ?? '';
      const endMarker = `-----END ${label}-----`;
      const endAt = text.indexOf(endMarker, m.index + m[0].length);
      if (endAt >= 0) {
        emit(m.index, endAt + endMarker.length);
        PEM_BEGIN.lastIndex = endAt + endMarker.length;
        return;
      }
      // Truncated block: take the base64 body that follows (line breaks may be escaped).
      const body = /(?:[A-Za-z0-9+/=:\-, \r\n]|\\[rn])*/y;
      body.lastIndex = m.index + m[0].length;
      const b = body.exec(text);
      emit(m.index, m.index + m[0].length + (b ? b[0].length : 0));
    });
  },
};
