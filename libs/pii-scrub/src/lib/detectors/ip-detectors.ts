/* eslint-disable no-useless-escape -- '-' and '/' are escaped inside character classes on purpose, so a class stays correct when edited. */
import { ENTITY_PRIORITY } from '../entity-types';
import {
  classifyIpv4,
  classifyIpv6,
  parseIpv4,
  parseIpv6,
  type IpRangeKind,
} from '../validators/ip-address-parser';
import type { Detector } from './detector';
import { eachMatch } from '../text/each-match';
import { isHexCode, prevIs } from '../text/char-predicates';

/** Ranges that never identify a person or a host worth hiding. */
export const DEFAULT_KEPT_IP_RANGES: readonly IpRangeKind[] = [
  'unspecified',
  'loopback',
  'broadcast',
  'netmask',
  'multicast',
];

const IPV4_CANDIDATE = /\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?![\w\-]|\.\d)/g;
/**
 * Text right before an address that says it is a version, not a host: `version 10.7.31.9`,
 * `v1.2.3.4`, `Chrome/120.0.0.0`, `pkg@1.2.3.4`, `build: 4.0.1.2`.
 */
const VERSION_CONTEXT =
  /(?:\b(?:version|ver|release|build|firmware|fw|rev|revision|section|sec|chapter|ch|clause|figure|fig|table|step|rule|paragraph|para|item|art|appendix|oid|v|§)\.?\s*[:=#]?\s*["']?v?|[A-Za-z][\w.\-]*\/|\bv)$/i;

/** IPv4 addresses, parsed (octets 0–255, no leading zeros); version-like context is skipped. */
export function createIpv4Detector(kept: readonly IpRangeKind[]): Detector {
  const keep = new Set(kept);
  return {
    type: 'ipv4',
    priority: ENTITY_PRIORITY.ipv4,
    needs: ['ipv4Shape'],
    mayMatch: () => true,
    scan(text, emit) {
      eachMatch(IPV4_CANDIDATE, text, (m) => {
        if (prevIs(text, m.index, '.-')) return;
        const octets = parseIpv4(m[0]);
        if (!octets || keep.has(classifyIpv4(octets))) return;
        const before = text.slice(Math.max(0, m.index - 24), m.index);
        if (VERSION_CONTEXT.test(before)) return;
        emit(m.index, m.index + m[0].length);
      });
    },
  };
}

/**
 * An IPv6 address has `::`, or at least 6 colons each between hex digits (7, or 6 before an
 * embedded IPv4 part): skip texts with neither, such as JSON with many `":"`.
 */
function mayHoldIpv6(t: string): boolean {
  if (t.indexOf('::') >= 0) return true;
  let n = 0;
  for (let i = t.indexOf(':'); i >= 0; i = t.indexOf(':', i + 1)) {
    if (isHexCode(t.charCodeAt(i - 1)) && isHexCode(t.charCodeAt(i + 1)) && ++n >= 6) return true;
  }
  return false;
}

const IPV6_CANDIDATE = /(?:\b[0-9A-Fa-f]{1,4}:|::)[0-9A-Fa-f:.]{2,43}(?:%[\w.]{1,16})?/g;

/** IPv6 addresses, parsed per RFC 4291; needs ≥ 4 hex digits and a decimal digit. */
export function createIpv6Detector(kept: readonly IpRangeKind[]): Detector {
  const keep = new Set(kept);
  return {
    type: 'ipv6',
    priority: ENTITY_PRIORITY.ipv6,
    // A candidate needs a decimal digit (see `scan`).
    needs: ['digit'],
    mayMatch: mayHoldIpv6,
    scan(text, emit) {
      eachMatch(IPV6_CANDIDATE, text, (m) => {
        if (prevIs(text, m.index, ':.')) return;
        let cand = m[0];
        // Trailing `:` or `.` is punctuation, except a trailing `::`.
        while (/[.:]$/.test(cand) && !cand.endsWith('::')) cand = cand.slice(0, -1);
        if (/[\w]/.test(text[m.index + m[0].length] ?? '')) return;
        const groups = parseIpv6(cand);
        if (!groups || !/\d/.test(cand) || cand.replace(/[^0-9A-Fa-f]/g, '').length < 4) return;
        if (keep.has(classifyIpv6(groups))) return;
        emit(m.index, m.index + cand.length);
      });
    },
  };
}
