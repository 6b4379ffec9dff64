/** A run of digits in a candidate and the separator text before it. */
export interface DigitGroup {
  digits: string;
  /** Separator characters between the previous group and this one ('' for the first). */
  sep: string;
  /** Offset of the group's first digit inside the candidate. */
  start: number;
  /** Offset just after the group's last digit. */
  end: number;
}

/** Splits `s` into digit groups; non-digit runs become the next group's `sep`. */
export function digitGroups(s: string): DigitGroup[] {
  const groups: DigitGroup[] = [];
  let i = 0;
  let sep = '';
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      const start = i;
      while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
      groups.push({ digits: s.slice(start, i), sep, start, end: i });
      sep = '';
    } else {
      sep += s[i];
      i++;
    }
  }
  return groups;
}

/**
 * Tries the longest prefix of `groups` first and returns the end offset (inside the
 * candidate) of the first prefix `accept` likes, or -1. Lets a detector find a valid number
 * that a greedy candidate regex glued to a following number.
 */
export function longestValidPrefix(
  groups: readonly DigitGroup[],
  minGroups: number,
  accept: (prefix: readonly DigitGroup[]) => boolean,
): number {
  for (let n = groups.length; n >= minGroups; n--) {
    const prefix = groups.slice(0, n);
    if (accept(prefix)) return prefix[n - 1]?.end ?? -1;
  }
  return -1;
}
