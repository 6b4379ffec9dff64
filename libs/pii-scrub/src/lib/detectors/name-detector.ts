import type Nlp from 'compromise';
import { ENTITY_PRIORITY } from '../entity-types';
import type { Detector } from './detector';

/** Longest text handed to compromise at once: its cost grows faster than linear. */
const CHUNK = 4000;

interface PersonJson {
  text?: string;
  offset?: { start: number; length: number };
}

let nlp: typeof Nlp | undefined;

/**
 * Loads compromise on first use: it takes about 0.3–0.8 s to load, and only the `strict`
 * profile (or an explicit `enable`) ever scans for names.
 */
function loadNlp(): typeof Nlp {
  return (nlp ??= require('compromise') as typeof Nlp);
}

function chunks(text: string): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  let i = 0;
  while (i < text.length) {
    let end = Math.min(text.length, i + CHUNK);
    if (end < text.length) {
      const nl = text.lastIndexOf('\n', end);
      const dot = text.lastIndexOf('. ', end);
      const cut = Math.max(nl, dot);
      if (cut > i + CHUNK / 2) end = cut + 1;
    }
    out.push([i, text.slice(i, end)]);
    i = end;
  }
  return out;
}

/**
 * Person names found by the `compromise` NLP library. Slow (≈1–3 MB/s): off in the default
 * profile, on in `strict`. Only capitalised mentions count, which drops most false hits.
 */
export const personNameDetector: Detector = {
  type: 'person_name',
  priority: ENTITY_PRIORITY.person_name,
  mayMatch: (t) => /[A-Z][a-z]/.test(t),
  scan(text, emit) {
    for (const [base, chunk] of chunks(text)) {
      if (!/[A-Z][a-z]/.test(chunk)) continue;
      const people = loadNlp()(chunk).people().json({ offset: true }) as PersonJson[];
      for (const p of people) {
        if (!p.offset) continue;
        let start = p.offset.start;
        let end = start + p.offset.length;
        // compromise offsets can include trailing punctuation or a possessive.
        while (end > start && /[\s.,;:!?'"’)]/.test(chunk[end - 1] ?? '')) end--;
        if (chunk.slice(end - 2, end) === "'s" || chunk.slice(end - 2, end) === '’s') end -= 2;
        while (start < end && /[\s"'(]/.test(chunk[start] ?? '')) start++;
        const name = chunk.slice(start, end);
        if (name.length < 2 || !/^[A-Z]/.test(name) || /[@\d_/=]/.test(name)) continue;
        emit(base + start, base + end);
      }
    }
  },
};
