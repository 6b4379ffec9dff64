/**
 * Digit-group layouts of phone numbers and of the numbers that look like them (dates, counts,
 * IP addresses, SSNs, year lists). Each function looks at the groups of one candidate as
 * `digitGroups` splits it; `sep` is the text before a group.
 */
import type { DigitGroup } from './digit-groups';

/** A separator with parentheses dropped and no-break spaces as spaces (`) ` → ` `). */
export function sepKind(sep: string): string {
  return sep.replace(/[()]/g, '').replace(/[\u00a0\u202f]/g, ' ');
}

/** Total digits in `groups`. */
export function digitCount(groups: readonly DigitGroup[]): number {
  let n = 0;
  for (const g of groups) n += g.digits.length;
  return n;
}

function sizes(groups: readonly DigitGroup[]): number[] {
  return groups.map((g) => g.digits.length);
}

/** Every separator after the first group is the same one character (parentheses aside). */
function oneSeparator(groups: readonly DigitGroup[]): string | undefined {
  const kinds = new Set(groups.slice(1).map((g) => sepKind(g.sep)));
  const [only] = kinds;
  return kinds.size === 1 && only !== undefined && only.length === 1 ? only : undefined;
}

const validDay = (d: number, m: number) => m >= 1 && m <= 12 && d >= 1 && d <= 31;

/**
 * A date at the start: `2024-05-12`, `12.05.2024`, `05/12/24` (same separator twice, month and
 * day in range), alone or followed by a space (`12.05.2024 14.30`).
 */
export function startsWithDate(groups: readonly DigitGroup[]): boolean {
  if (groups.length < 3) return false;
  const [a, b, c, d] = groups as [DigitGroup, DigitGroup, DigitGroup, DigitGroup | undefined];
  const s1 = b.sep;
  if (s1 !== c.sep || !['.', '/', '-'].includes(s1)) return false;
  if (d && !/\s/.test(d.sep)) return false;
  const [x, y, z] = [Number(a.digits), Number(b.digits), Number(c.digits)];
  if (a.digits.length === 4 && b.digits.length <= 2 && c.digits.length <= 2) return validDay(z, y);
  if (a.digits.length <= 2 && b.digits.length <= 2 && [2, 4].includes(c.digits.length))
    return validDay(x, y) || validDay(y, x);
  return false;
}

/** `1 234 567`, `12.345.678`: thousands grouping of one count, not a phone layout. */
export function isThousands(groups: readonly DigitGroup[]): boolean {
  if (groups.length < 2 || (groups[0]?.digits.length ?? 0) > 3) return false;
  const sep = oneSeparator(groups);
  return (sep === ' ' || sep === '.') && groups.slice(1).every((g) => g.digits.length === 3);
}

/** `10.20.30.40`: four dotted groups of at most three digits (an IPv4 address). */
export function isDottedQuad(groups: readonly DigitGroup[]): boolean {
  return (
    groups.length === 4 &&
    groups.slice(1).every((g) => g.sep === '.') &&
    groups.every((g) => g.digits.length <= 3)
  );
}

/**
 * Decimal numbers and versions: `70.608396`, `2.3857 43.02987`, `131.0.6188.125`. A dot
 * separates phone digits only when every separator is a dot (parentheses aside) between
 * groups of 2+ digits, and two groups are both 3–4 digits long (`06.12.34.56.78`,
 * `(02).4506.1231`, `4538.4019`).
 */
export function isDecimalLike(groups: readonly DigitGroup[]): boolean {
  const seps = groups.slice(1).map((g) => sepKind(g.sep));
  if (!seps.includes('.')) return false;
  if (seps.some((s) => s !== '.') || groups.some((g) => g.digits.length < 2)) return true;
  return groups.length === 2 && groups.some((g) => g.digits.length < 3 || g.digits.length > 4);
}

/** `123-45-6789` / `123 45 6789`: the SSN layout. */
export function isSsnLayout(groups: readonly DigitGroup[]): boolean {
  return sizes(groups).join('-') === '3-2-4' && oneSeparator(groups) !== undefined;
}

/** `2019 2020 2021`: a list of years. */
function isYearList(groups: readonly DigitGroup[]): boolean {
  return groups.every((g) => g.digits.length === 4 && /^(?:19|20)/.test(g.digits));
}

/** NANP: `(415) 555-0132`, `415-555-0132`, `415.555.0132`, `1-415-555-0132`. */
export function isNanp(groups: readonly DigitGroup[], firstParen: boolean): boolean {
  let g = groups;
  if (g.length === 4 && g[0]?.digits === '1' && !firstParen) g = g.slice(1);
  if (g.length !== 3) return false;
  const [a, b, c] = g as [DigitGroup, DigitGroup, DigitGroup];
  if (a.digits.length !== 3 || b.digits.length !== 3 || c.digits.length !== 4) return false;
  if (a.digits[0] === '0' || a.digits[0] === '1' || b.digits[0] === '0' || b.digits[0] === '1')
    return false;
  const s1 = sepKind(b.sep);
  const s2 = sepKind(c.sep);
  if (s2 === '' || s2.length > 1) return false;
  // `415.555.0132` and `415-555-0132` need the same separator twice; `(415) 555-0132` may mix.
  return firstParen ? s1.length <= 1 : s1 === s2;
}

/**
 * Layouts that are phone numbers without any label, 9–13 digits:
 * - NANP (see {@link isNanp});
 * - national trunk prefix `0` with one separator throughout (`020 7946 0958`, `0612-345-678`,
 *   `(0504) 015212`, `078616 29796`), a first group of 2–6 digits, all groups of 2+;
 * - an area code in parentheses (`(75) 1382-8240`, `(940)544-32-62`);
 * - three or more groups of 2–4 digits with one separator, the first of 2–3 digits
 *   (`23 422 72 44`, `612-345-678`, `06.12.34.56.78`), unless it is a thousands grouping, a
 *   dotted quad, the SSN layout or a list of years.
 */
export function isPhoneLayout(groups: readonly DigitGroup[], firstParen: boolean): boolean {
  const n = digitCount(groups);
  if (n < 9 || n > 13 || groups.length < 2) return false;
  if (isNanp(groups, firstParen)) return true;
  if (isSsnLayout(groups) || isDottedQuad(groups) || isYearList(groups)) return false;
  const first = groups[0] as DigitGroup;
  if (firstParen) return first.digits.length <= 5;
  const sep = oneSeparator(groups);
  if (sep === undefined || !' -.'.includes(sep)) return false;
  // Trunk prefix and area code come first, 2–6 digits (`04924137-4257` is an id, not a phone).
  if (first.digits[0] === '0' && /[1-9]/.test(first.digits)) {
    return first.digits.length <= 6 && groups.every((g) => g.digits.length >= 2);
  }
  // Without a trunk prefix the first group is an area or mobile prefix of 2–3 digits
  // (`612 345 678`, `23 422 72 44`); `2024-0512-738` is a reference number.
  return (
    groups.length >= 3 &&
    first.digits.length <= 3 &&
    groups.every((g) => g.digits.length >= 2 && g.digits.length <= 4) &&
    !isThousands(groups)
  );
}
