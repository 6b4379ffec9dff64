import type { Passage } from '../retrieval/passage';
import { PassageTextCache } from '../retrieval/passage-text-cache';

/** Whitespace-collapsed passage texts, bounded; retrievers hand out the same chunk strings. */
const collapsed = new PassageTextCache<string>(4096);

/**
 * Renders passages for a prompt: one block per passage, led by its id in brackets so that
 * the model can cite it. Titles help the model tell documents apart.
 */
export function formatPassages(passages: readonly Passage[]): string {
  let out = '';
  for (let i = 0; i < passages.length; i++) {
    const p = passages[i] as Passage;
    if (i > 0) out += '\n\n';
    const text = collapsed.get(p.title, p.text, () => p.text.replace(/\s+/g, ' ').trim());
    out += `[${p.id}] ${p.title ? `${p.title}: ` : ''}${text}`;
  }
  return out;
}
