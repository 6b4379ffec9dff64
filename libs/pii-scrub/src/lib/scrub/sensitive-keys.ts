/**
 * JSON key names whose values are redacted whatever they contain. Compared after lower-casing
 * and removing everything but letters and digits (`X-Api-Key` → `xapikey`).
 */
export const DEFAULT_SENSITIVE_KEYS: readonly string[] = [
  'password',
  'passwd',
  'pwd',
  'passphrase',
  'secret',
  'token',
  'accesstoken',
  'refreshtoken',
  'idtoken',
  'authtoken',
  'authorization',
  'proxyauthorization',
  'auth',
  'apikey',
  'xapikey',
  'apisecret',
  'clientsecret',
  'privatekey',
  'secretkey',
  'secretaccesskey',
  'cookie',
  'setcookie',
  'session',
  'sessionid',
  'sessiontoken',
  'ssn',
  'socialsecuritynumber',
  'creditcard',
  'creditcardnumber',
  'cardnumber',
  'ccnumber',
  'cvv',
  'cvc',
  'pin',
  'iban',
  'accountnumber',
  'dob',
  'dateofbirth',
  'birthdate',
  'credentials',
  'credential',
];

/** Key endings that make any key sensitive (`db_password`, `githubToken`, `stripe_api_key`). */
const SENSITIVE_SUFFIXES = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'apikey',
  'privatekey',
  'secretkey',
  'accesskey',
  'authorization',
  'cookie',
  'credentials',
];

/** Normalises a key for comparison. */
export function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Builds the matcher for one options set. */
export function createSensitiveKeyMatcher(
  keys: readonly string[] | undefined,
  extra: readonly string[],
): (key: string) => boolean {
  const exact = new Set([...(keys ?? DEFAULT_SENSITIVE_KEYS), ...extra].map(normalizeKey));
  const suffixes = keys === undefined ? SENSITIVE_SUFFIXES : [];
  const cache = new Map<string, boolean>();
  return (key) => {
    let hit = cache.get(key);
    if (hit === undefined) {
      const k = normalizeKey(key);
      hit = exact.has(k) || suffixes.some((s) => k.endsWith(s));
      if (cache.size < 10_000) cache.set(key, hit);
    }
    return hit;
  };
}
