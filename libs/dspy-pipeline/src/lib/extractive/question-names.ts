import { analyzeText } from '../retrieval/text-analyzer';

// A capitalised word inside the question (not its first word, nor the first word after a
// sentence end): "Lakeside County" in "What is the deposit limit in Lakeside County?".
const INNER_NAME_RE = /(?<=[^\s.?!]\s+)\p{Lu}[\p{L}\p{N}'’-]*/gu;

/**
 * The terms of the names a question mentions (capitalised words other than a sentence's first
 * word). A name the question asks about that no retrieved passage mentions means the sources
 * are about something else ("the deposit limit in Lakeside County" against Riverton's rules),
 * however well the rest of the question's words match: the extractive reader then abstains.
 */
export function questionNameTerms(question: string): ReadonlySet<string> {
  const out = new Set<string>();
  for (const m of question.matchAll(INNER_NAME_RE)) for (const t of analyzeText(m[0])) out.add(t);
  return out;
}
