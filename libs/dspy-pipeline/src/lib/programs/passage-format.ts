import type { Passage } from '../retrieval/passage';

/** Whitespace-collapsed passage texts, bounded; retrievers hand out the same chunk strings. */
const collapsed = new Map<string, string>();
const MAX_CACHED = 4096;

function collapse(text: string): string {
  let c = collapsed.get(text);
  if (c === undefined) {
    c = text.replace(/\s+/g, ' ').trim();
    if (collapsed.size >= MAX_CACHED) collapsed.clear();
    collapsed.set(text, c);
  }
  return c;
}

/**
 * Renders passages for a prompt: one block per passage, led by its id in brackets so that
 * the model can cite it. Titles help the model tell documents apart.
 */
export function formatPassages(passages: readonly Passage[]): string {
  let out = '';
  for (let i = 0; i < passages.length; i++) {
    const p = passages[i] as Passage;
    if (i > 0) out += '\n\n';
    out += `[${p.id}] ${p.title ? `${p.title}: ` : ''}${collapse(p.text)}`;
  }
  return out;
}
