/** Parses a dotted-quad IPv4 address strictly (no leading zeros). Null when invalid. */
export function parseIpv4(text: string): [number, number, number, number] | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const out: number[] = [];
  for (const p of parts) {
    if (p.length === 0 || p.length > 3) return null;
    if (p.length > 1 && p[0] === '0') return null;
    for (let i = 0; i < p.length; i++) {
      const c = p.charCodeAt(i);
      if (c < 48 || c > 57) return null;
    }
    const n = Number(p);
    if (n > 255) return null;
    out.push(n);
  }
  return out as [number, number, number, number];
}

/** How an address is classified for the keep/redact decision. */
export type IpRangeKind =
  | 'public'
  | 'private'
  | 'documentation'
  | 'loopback'
  | 'unspecified'
  | 'broadcast'
  | 'netmask'
  | 'link_local'
  | 'multicast';

/** Classifies an IPv4 address (RFC 1918, 5737, 1122, 3927, 5771). */
export function classifyIpv4(o: readonly [number, number, number, number]): IpRangeKind {
  const [a, b, c] = o;
  if (a === 0) return 'unspecified';
  if (a === 127) return 'loopback';
  if (a === 255 && b === 255) return o[2] === 255 && o[3] === 255 ? 'broadcast' : 'netmask';
  if (a >= 224 && a <= 239) return 'multicast';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private';
  if (a === 100 && b >= 64 && b <= 127) return 'private'; // carrier-grade NAT
  if (a === 169 && b === 254) return 'link_local';
  if (
    (a === 192 && b === 0 && c === 2) ||
    (a === 198 && b === 51 && c === 100) ||
    (a === 203 && b === 0 && c === 113)
  )
    return 'documentation';
  return 'public';
}

/**
 * Parses an IPv6 address (RFC 4291 text forms: full, `::`-compressed, embedded IPv4,
 * optional `%zone`). Returns the 8 groups or null.
 */
export function parseIpv6(text: string): number[] | null {
  let s = text;
  const pct = s.indexOf('%');
  if (pct >= 0) {
    if (!/^%[\w.]+$/.test(s.slice(pct))) return null;
    s = s.slice(0, pct);
  }
  if (s.length < 2 || s.length > 45) return null;
  const dbl = s.indexOf('::');
  if (dbl >= 0 && s.indexOf('::', dbl + 1) >= 0) return null;
  const parseSide = (side: string, allowV4: boolean): number[] | null => {
    if (side === '') return [];
    const parts = side.split(':');
    const out: number[] = [];
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i] ?? '';
      if (allowV4 && i === parts.length - 1 && p.includes('.')) {
        const v4 = parseIpv4(p);
        if (!v4) return null;
        out.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
        continue;
      }
      if (!/^[0-9A-Fa-f]{1,4}$/.test(p)) return null;
      out.push(parseInt(p, 16));
    }
    return out;
  };
  if (dbl >= 0) {
    const left = parseSide(s.slice(0, dbl), false);
    const right = parseSide(s.slice(dbl + 2), true);
    if (!left || !right || left.length + right.length > 7) return null;
    return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  }
  const all = parseSide(s, true);
  return all && all.length === 8 ? all : null;
}

/** Classifies an IPv6 address (RFC 4291, 3849, 4193). */
export function classifyIpv6(g: readonly number[]): IpRangeKind {
  const first = g[0] ?? 0;
  if (g.every((x) => x === 0)) return 'unspecified';
  if (g.slice(0, 7).every((x) => x === 0) && g[7] === 1) return 'loopback';
  if (first === 0x2001 && g[1] === 0x0db8) return 'documentation';
  if ((first & 0xffc0) === 0xfe80) return 'link_local';
  if ((first & 0xfe00) === 0xfc00) return 'private';
  if ((first & 0xff00) === 0xff00) return 'multicast';
  return 'public';
}
