import type { AnswerResult, Citation, TraceEvent } from '../model/answer-result';
import type { Passage } from '../retrieval/passage';
import { ABSTENTION_ANSWER } from '../verify/lexical-support';

/** Longest snippet put in a citation. */
export const SNIPPET_CHARS = 240;

/** Turns cited passage ids into citations, in citation order. */
export function toCitations(ids: readonly string[], passages: readonly Passage[]): Citation[] {
  const byId = new Map(passages.map((p) => [p.id, p]));
  const out: Citation[] = [];
  for (const id of ids) {
    const p = byId.get(id);
    if (!p) continue;
    const text = p.text.replace(/\s+/g, ' ').trim();
    out.push({
      id: p.id,
      documentId: p.documentId,
      title: p.title,
      snippet: text.length > SNIPPET_CHARS ? `${text.slice(0, SNIPPET_CHARS - 1)}…` : text,
      score: p.score,
    });
  }
  return out;
}

/** Timings and trace gathered while answering. */
export interface AnswerProgress {
  started: number;
  retrievalMs: number;
  llmMs: number;
  trace: TraceEvent[];
}

/** The "not found in the sources" result, with the reasons in `unsupportedClaims`. */
export function abstainedResult(
  progress: AnswerProgress,
  reasons: readonly string[],
): AnswerResult {
  return {
    answer: ABSTENTION_ANSWER,
    abstained: true,
    citations: [],
    verification: { verdict: 'abstained', unsupportedClaims: [...reasons] },
    timings: timings(progress),
    trace: progress.trace,
  };
}

/** Final timings of an answer. */
export function timings(progress: AnswerProgress): AnswerResult['timings'] {
  return {
    retrievalMs: progress.retrievalMs,
    llmMs: progress.llmMs,
    totalMs: performance.now() - progress.started,
  };
}
