/**
 * A literal that occurs in every text a detector can match: `word` (ASCII, matched
 * case-insensitively), optionally directly followed by one of `next`. A space in a literal
 * stands for any run of whitespace (`\s+`).
 */
export type TriggerSpec = string | { readonly word: string; readonly next: readonly string[] };

/** `word` followed by any of `next` (strings, or the characters of one string), for each word. */
export function followedBy(
  words: readonly string[],
  next: string | readonly string[],
): TriggerSpec[] {
  const list = typeof next === 'string' ? [...next] : [...next];
  return words.map((word) => ({ word, next: list }));
}
