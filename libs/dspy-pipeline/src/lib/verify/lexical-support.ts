import type { Verification } from '../model/answer-result';
import type { Passage } from '../retrieval/passage';
import { splitSentences } from '../extractive/sentence-splitter';
import { BoundedMemo } from '../retrieval/bounded-memo';
import { PassageTextCache } from '../retrieval/passage-text-cache';
import { analyzeText, isNumberToken } from '../retrieval/text-analyzer';

/** The answer a pipeline gives when the sources do not contain one. */
export const ABSTENTION_ANSWER = 'Not found in the sources.';

/** Options of {@link checkLexicalSupport}. */
export interface LexicalSupportOptions {
  /**
   * Share (0–1) of a claim's content terms that one passage must contain for the claim to be
   * supported. Default 0.6: paraphrase is tolerated, invented facts are not.
   */
  minClaimSupport?: number;
  /** Numbers in a claim (amounts, days, years) must appear verbatim in the passage. Default true. */
  requireNumbers?: boolean;
  /** Claims with fewer content terms than this are ignored (e.g. "Yes."). Default 2. */
  minClaimTerms?: number;
}

/** Support of one claim of an answer. */
export interface ClaimSupport {
  claim: string;
  /** Best share of the claim's content terms found in a single passage. */
  coverage: number;
  /** Id of that passage, or undefined when no passage shares a term. */
  passageId: string | undefined;
  supported: boolean;
}

// Citation markers the pipelines put in answers: [1], [d1#0], [^2], (d1#0), [source: x].
const CITATION_RE = /\s*(?:\[\^?[\w#:.\- ,]+\]|\((?:[\w.#-]+#\d+(?:,\s*)?)+\))/g;

const ABSTENTION_RE =
  /^\s*(?:not found in the sources?|i (?:do not|don't|cannot|can't) (?:know|find|answer)|the sources do not (?:say|contain|mention)|no answer)/i;

/** True when an answer text is an abstention rather than a claim. */
export function isAbstentionText(answer: string): boolean {
  return answer.trim().length === 0 || ABSTENTION_RE.test(answer);
}

/** Splits an answer into claims (sentences), with citation markers removed. */
export function splitClaims(answer: string): string[] {
  return splitSentences(answer.replace(CITATION_RE, ''))
    .map((s) => s.text.trim())
    .filter((s) => s.length > 0);
}

// Passages repeat across answers: their term sets are computed once (bounded).
const PASSAGE_TERMS = new PassageTextCache<ReadonlySet<string>>(4096);

/** A claim's distinct content terms and, among them, its numbers. */
interface ClaimTerms {
  terms: readonly string[];
  numbers: readonly string[];
}

// Claim text → its terms. The claims of an extractive answer are sentences of the corpus, the
// same few thousand again and again; tokenising one costs more than the rest of its check.
// Bounded in entries and in claim length (LLM answers bring new, possibly long claims): full,
// it starts over.
const CLAIM_TERMS = new BoundedMemo<string, ClaimTerms>(4096);
const CLAIM_MEMO_MAX_LENGTH = 400;

function claimTerms(claim: string): ClaimTerms {
  return claim.length <= CLAIM_MEMO_MAX_LENGTH
    ? CLAIM_TERMS.get(claim, analyzeClaim)
    : analyzeClaim(claim);
}

function analyzeClaim(claim: string): ClaimTerms {
  const terms = [...new Set(analyzeText(claim))];
  return { terms, numbers: terms.filter(isNumberToken) };
}

/**
 * Scores each claim of an answer against the passages: a claim is supported when one passage
 * contains at least `minClaimSupport` of its content terms and every number it states.
 */
export function assessClaims(
  answer: string,
  passages: readonly Passage[],
  options: LexicalSupportOptions = {},
): ClaimSupport[] {
  const minSupport = options.minClaimSupport ?? 0.6;
  const requireNumbers = options.requireNumbers ?? true;
  const minTerms = options.minClaimTerms ?? 2;
  const passageTerms = passages.map((p) =>
    PASSAGE_TERMS.get(p.title, p.text, () => new Set(analyzeText(`${p.title}. ${p.text}`))),
  );
  const out: ClaimSupport[] = [];
  for (const claim of splitClaims(answer)) {
    const { terms, numbers } = claimTerms(claim);
    if (terms.length < minTerms) continue;
    let best = 0;
    let bestId: string | undefined;
    let bestSupported = false;
    passageTerms.forEach((set, i) => {
      const hit = terms.filter((t) => set.has(t)).length;
      const coverage = hit / terms.length;
      const numbersOk = !requireNumbers || numbers.every((n) => set.has(n));
      const supported = coverage >= minSupport && numbersOk;
      // Prefer a supporting passage; among equals the higher coverage, then the earlier rank.
      if ((supported && !bestSupported) || (supported === bestSupported && coverage > best)) {
        best = coverage;
        bestId = hit > 0 ? passages[i]?.id : undefined;
        bestSupported = supported;
      }
    });
    out.push({ claim, coverage: best, passageId: bestId, supported: bestSupported });
  }
  return out;
}

/**
 * The lexical support check: a cheap, deterministic verifier (no LLM). Verdicts:
 * `abstained` when the answer is an abstention; `supported` when every claim is supported by
 * some passage; `unsupported` when none is (or there are no passages); otherwise
 * `partially_supported`. `unsupportedClaims` lists the claims that failed, in answer order.
 */
export function checkLexicalSupport(
  answer: string,
  passages: readonly Passage[],
  options: LexicalSupportOptions = {},
): Verification {
  if (isAbstentionText(answer)) return { verdict: 'abstained', unsupportedClaims: [] };
  const claims = assessClaims(answer, passages, options);
  if (claims.length === 0) {
    // Nothing checkable (e.g. "Yes."): support it only when there is a passage to lean on.
    return passages.length > 0
      ? { verdict: 'supported', unsupportedClaims: [] }
      : { verdict: 'unsupported', unsupportedClaims: [answer.trim()] };
  }
  const unsupportedClaims = claims.filter((c) => !c.supported).map((c) => c.claim);
  const verdict =
    unsupportedClaims.length === 0
      ? 'supported'
      : unsupportedClaims.length === claims.length
        ? 'unsupported'
        : 'partially_supported';
  return { verdict, unsupportedClaims };
}
