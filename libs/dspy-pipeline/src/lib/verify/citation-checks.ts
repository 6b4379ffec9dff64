import type { Passage } from '../retrieval/passage';
import { isAbstentionText } from './lexical-support';

/** Outcome of the deterministic citation checks. */
export interface CitationCheckResult {
  /** True when the answer text is an abstention ("not found in the sources"). */
  abstaining: boolean;
  /** Cited ids that name a retrieved passage, in citation order, without duplicates. */
  validIds: string[];
  /** Cited ids that name no retrieved passage. */
  unknownIds: string[];
  /** Human-readable problems, fit for `Verification.unsupportedClaims`. */
  problems: string[];
}

/** Strips the decorations models add around ids: `[d1#0]`, `"d1#0"`, `(d1#0)`. */
export function normalizeCitationId(raw: string): string {
  return raw.trim().replace(/^[[("'`\s]+|[\])"'`.,;\s]+$/g, '');
}

/**
 * Deterministic checks every LLM answer must pass: each citation refers to a retrieved
 * passage, and an answer that does not abstain cites at least one passage.
 */
export function checkCitations(
  answer: string,
  citations: readonly string[],
  passages: readonly Passage[],
): CitationCheckResult {
  const known = new Set(passages.map((p) => p.id));
  const validIds: string[] = [];
  const unknownIds: string[] = [];
  for (const raw of citations) {
    const id = normalizeCitationId(raw);
    if (!id) continue;
    const bucket = known.has(id) ? validIds : unknownIds;
    if (!bucket.includes(id)) bucket.push(id);
  }
  const abstaining = isAbstentionText(answer);
  const problems = unknownIds.map((id) => `cites "${id}", which is not a retrieved passage`);
  if (!abstaining && validIds.length === 0) problems.push('the answer cites no retrieved passage');
  return { abstaining, validIds, unknownIds, problems };
}
