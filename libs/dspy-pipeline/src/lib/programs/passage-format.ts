import type { Passage } from '../retrieval/passage';

/**
 * Renders passages for a prompt: one block per passage, led by its id in brackets so that
 * the model can cite it. Titles help the model tell documents apart.
 */
export function formatPassages(passages: readonly Passage[]): string {
  return passages
    .map((p) => `[${p.id}] ${p.title ? `${p.title}: ` : ''}${p.text.replace(/\s+/g, ' ').trim()}`)
    .join('\n\n');
}
