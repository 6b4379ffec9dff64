/**
 * Character predicates on UTF-16 code units (`text.charCodeAt(i)`). Detectors and the text
 * probe test characters this way instead of with one-character regexes in their hot loops.
 */

/** True for ASCII digits. */
export function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** True for ASCII upper-case letters. */
export function isUpperCode(c: number): boolean {
  return c >= 65 && c <= 90;
}

/** True for ASCII letters. */
export function isLetterCode(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** True for ASCII hexadecimal digits, either case. */
export function isHexCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** True for ASCII letters, digits and underscore. */
export function isWordCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** Same set as the regex `\s` (ECMAScript WhiteSpace and LineTerminator). */
export function isSpaceCode(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * Whether the character before `index` is one of `chars` (or a word character when
 * `word` is set). Used instead of a leading regex lookbehind, which V8 would evaluate at
 * every position of the text.
 */
export function prevIs(text: string, index: number, chars: string, word = true): boolean {
  if (index === 0) return false;
  const c = text.charCodeAt(index - 1);
  return (word && isWordCode(c)) || chars.indexOf(text[index - 1] ?? '') >= 0;
}
