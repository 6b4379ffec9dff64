import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiKeyEntry } from '../config/api-config';

/**
 * Maps a presented API key to its tenant by SHA-256, comparing against EVERY configured hash
 * in constant time so the response time does not reveal which entry (if any) matched.
 */
export class ApiKeyVerifier {
  private readonly entries: { hash: Buffer; tenantId: string }[];

  constructor(keys: readonly ApiKeyEntry[]) {
    this.entries = keys.map((k) => ({ hash: Buffer.from(k.sha256, 'hex'), tenantId: k.tenantId }));
  }

  /** True when no key is configured: local mode, every request is admitted. */
  get localMode(): boolean {
    return this.entries.length === 0;
  }

  /** The tenant of `key`, or undefined when it matches no configured hash. */
  tenantOf(key: string): string | undefined {
    const presented = createHash('sha256').update(key, 'utf8').digest();
    let found: string | undefined;
    for (const entry of this.entries) {
      // No early exit: every entry is compared whatever the outcome.
      if (timingSafeEqual(presented, entry.hash) && found === undefined) found = entry.tenantId;
    }
    return found;
  }
}

/** Reads the key from `Authorization: Bearer <key>` or `X-API-Key: <key>`. */
export function presentedApiKey(
  headers: Record<string, string | string[] | undefined>,
): string | undefined {
  const auth = headers['authorization'];
  if (typeof auth === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (m?.[1] !== undefined) return m[1];
  }
  const x = headers['x-api-key'];
  return typeof x === 'string' && x.trim() !== '' ? x.trim() : undefined;
}
