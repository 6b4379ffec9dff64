import { loadBundledCorpus } from '../lib/corpus/bundled-assets';
import { EmbeddedIndex } from '../lib/retrieval/embedded-index';
import type { Passage } from '../lib/retrieval/passage';

/**
 * A question the bundled corpus answers (security-deposit-return-deadlines.md: "within 21
 * days after the tenant moves out").
 */
export const DEPOSIT_QUESTION =
  'How many days after move-out does a Riverton landlord have to return the security deposit?';

/** A question no bundled document shares a content word with. */
export const UNRELATED_QUESTION = 'Quantum chromodynamics gluon?';

let index: Promise<EmbeddedIndex> | undefined;

/**
 * The real embedded BM25 index over the bundled corpus, chunked with the ingestion defaults
 * (built once per test file). LLM-path tests retrieve through it: only the LLM is doubled.
 */
export function bundledIndex(): Promise<EmbeddedIndex> {
  index ??= loadBundledCorpus().then(({ chunks }) => EmbeddedIndex.build(chunks));
  return index;
}

/** The passages the bundled index retrieves for `question` (tenant `default`, k 5). */
export async function retrieveBundled(question: string, k = 5): Promise<Passage[]> {
  return (await bundledIndex()).retrieve(question, { k, tenantId: 'default' });
}

/**
 * Pulls the first passage id (`[doc#n]`) out of a rendered prompt, so that a scripted LLM
 * can cite what the real retriever actually returned.
 */
export function firstPassageId(prompt: string): string | undefined {
  return /\[([^\]\s]+#\d+)\]/.exec(prompt)?.[1];
}
