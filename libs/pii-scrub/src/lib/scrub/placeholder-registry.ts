import { createHmac } from 'node:crypto';

/** Hex characters kept from the HMAC: 64 bits, collisions negligible per dataset. */
const PSEUDONYM_HEX = 16;

/** Canonical form so trivially different spellings of one value share a token. */
function normalize(type: string, value: string): string {
  switch (type) {
    case 'email':
      return value.toLowerCase();
    case 'phone':
    case 'ssn':
    case 'credit_card':
      return value.replace(/\D/g, '');
    case 'iban':
      return value.replace(/\s/g, '').toUpperCase();
    case 'ipv6':
      return value.toLowerCase();
    default:
      return value;
  }
}

/**
 * Hands out placeholders for one document: `<EMAIL_1>`, `<EMAIL_2>`, … with the same value
 * always getting the same number; or, with a key, keyed pseudonyms `<EMAIL_3fa9…>` that are
 * stable across documents (HMAC-SHA256, not reversible without the key).
 */
export class PlaceholderRegistry {
  // Created on first use: most documents hold no PII, and one registry is made per document.
  private numbers: Map<string, number> | undefined;
  private counters: Map<string, number> | undefined;
  private readonly key: Uint8Array | string | undefined;

  constructor(pseudonymKey?: Uint8Array | string) {
    this.key = pseudonymKey;
  }

  /** The placeholder for `value` of entity `type`. */
  tokenFor(type: string, value: string): string {
    const label = type.toUpperCase();
    const canonical = normalize(type, value);
    if (this.key !== undefined) {
      const mac = createHmac('sha256', this.key).update(`${type}\u0000${canonical}`).digest('hex');
      return `<${label}_${mac.slice(0, PSEUDONYM_HEX)}>`;
    }
    const id = `${type}\u0000${canonical}`;
    const numbers = (this.numbers ??= new Map());
    const counters = (this.counters ??= new Map());
    let n = numbers.get(id);
    if (n === undefined) {
      n = (counters.get(type) ?? 0) + 1;
      counters.set(type, n);
      numbers.set(id, n);
    }
    return `<${label}_${n}>`;
  }
}
