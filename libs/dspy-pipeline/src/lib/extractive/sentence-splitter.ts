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

/**
 * Splits prose into sentences. Markdown structure also ends a sentence: headings, list items
 * and blank lines, so that a bullet is never glued to the next one. Deterministic and
 * offset-preserving (the offsets index into `text`).
 */
export function splitSentences(text: string): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  let start = 0;
  const push = (end: number): void => {
    const raw = text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (trimmed.length > 0) {
      spans.push({ text: trimmed, start: start + lead, end: start + lead + trimmed.length });
    }
    start = end;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') {
      const next = text.slice(i + 1).match(/^[ \t]*(?:[-*+]\s|\d+[.)]\s|#|\n|>|\|)/);
      if (next || text[i - 1] === '\n') push(i + 1);
      continue;
    }
    if (ch !== '.' && ch !== '!' && ch !== '?') continue;
    const after = text[i + 1];
    if (after !== undefined && !/\s|["')\]]/.test(after)) continue;
    if (ch === '.') {
      const word = /([\p{L}.]+)$/u.exec(text.slice(Math.max(0, i - 8), i))?.[1]?.toLowerCase();
      if (word && ABBREVIATIONS.has(word)) continue;
      // "3. " inside an ordered list marker or a decimal is not a sentence end.
      if (
        /\d$/.test(text.slice(0, i)) &&
        /^\s*$/.test(text.slice(text.lastIndexOf('\n', i) + 1, i - 1))
      )
        continue;
    }
    let end = i + 1;
    while (end < text.length && /["')\]]/.test(text[end] ?? '')) end++;
    push(end);
    i = end - 1;
  }
  push(text.length);
  return spans.map((s) => ({ ...s, text: stripMarkdown(s.text) })).filter((s) => s.text.length > 0);
}

/** Removes Markdown decoration (heading hashes, list markers, emphasis) from one sentence. */
export function stripMarkdown(sentence: string): string {
  return sentence
    .replace(/^\s*(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s*)/, '')
    .replace(/\*\*|__|`/g, '')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}
