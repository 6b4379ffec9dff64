/** A sentence of a text with its character offsets in that text. */
export interface SentenceSpan {
  text: string;
  start: number;
  end: number;
}

// Abbreviations common in tax and legal prose whose trailing dot does not end a sentence.
const ABBREVIATIONS = new Set([
  'e.g',
  'i.e',
  'etc',
  'vs',
  'no',
  'mr',
  'mrs',
  'ms',
  'dr',
  'st',
  'approx',
  'incl',
  'sec',
  'art',
  'u.s',
]);

// A line that starts a new Markdown block: list item, heading, blank line, quote or table row.
const BLOCK_START = /[ \t]*(?:[-*+]\s|\d+[.)]\s|#|\n|>|\|)/y;
const CLOSERS = /["')\]]/;
const AFTER_END = /\s|["')\]]/;
const ABBREVIATION_TAIL = /([\p{L}.]+)$/u;

/**
 * Splits prose into sentences. Markdown structure also ends a sentence: headings, list items
 * and blank lines, so that a bullet is never glued to the next one. Deterministic and
 * offset-preserving (the offsets index into `text`). Linear in the text's length: every check
 * looks at a bounded window around the current character (the verifier splits each answer on
 * the request path).
 */
export function splitSentences(text: string): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  let start = 0;
  const push = (end: number): void => {
    const raw = text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (trimmed.length > 0) {
      const clean = stripMarkdown(trimmed);
      if (clean.length > 0)
        spans.push({ text: clean, start: start + lead, end: start + lead + trimmed.length });
    }
    start = end;
  };
  // The current line's first character that is not whitespace (-1: none yet): "is this dot
  // right after a list number?" is then answered without looking back.
  let firstContent = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 /* \n */) {
      BLOCK_START.lastIndex = i + 1;
      if (BLOCK_START.test(text) || text.charCodeAt(i - 1) === 10) push(i + 1);
      firstContent = -1;
      continue;
    }
    if (firstContent === -1 && !isSpaceAt(text, i, c)) firstContent = i;
    if (c !== 46 /* . */ && c !== 33 /* ! */ && c !== 63 /* ? */) continue;
    const after = text[i + 1];
    if (after !== undefined && !AFTER_END.test(after)) continue;
    if (c === 46) {
      const word = ABBREVIATION_TAIL.exec(text.slice(Math.max(0, i - 8), i))?.[1]?.toLowerCase();
      if (word && ABBREVIATIONS.has(word)) continue;
      // "3. " inside an ordered list marker or a decimal is not a sentence end: a digit that
      // starts its line (only whitespace before it).
      if (firstContent === i - 1 && isDigit(text.charCodeAt(i - 1))) continue;
    }
    let end = i + 1;
    while (end < text.length && CLOSERS.test(text[end] ?? '')) end++;
    push(end);
    i = end - 1;
  }
  push(text.length);
  return spans;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

const SPACE = /\s/;

/** Whether the character at `i` (code unit `code`) is one that regex `\s` matches. */
function isSpaceAt(text: string, i: number, code: number): boolean {
  return code < 128 ? code === 32 || (code >= 9 && code <= 13) : SPACE.test(text[i] as string);
}

const LEADING_MARKER = /^\s*(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s*)/;
const EMPHASIS = /\*\*|__|`/g;
const LINK = /\[([^\]]+)\]\([^)]*\)/g;
const SPACES = /\s+/g;
// Whitespace other than a single space: only then does collapsing change anything.
const UNUSUAL_SPACE = /\s\s|[^\S ]/;

/**
 * Removes Markdown decoration (heading hashes, list markers, emphasis) from one sentence.
 * Each rewrite runs only when its marker is present: most sentences have none.
 */
export function stripMarkdown(sentence: string): string {
  let s = sentence.replace(LEADING_MARKER, '');
  if (s.includes('**') || s.includes('__') || s.includes('`')) s = s.replace(EMPHASIS, '');
  if (s.includes('](')) s = s.replace(LINK, '$1');
  if (UNUSUAL_SPACE.test(s)) s = s.replace(SPACES, ' ');
  return s.trim();
}
