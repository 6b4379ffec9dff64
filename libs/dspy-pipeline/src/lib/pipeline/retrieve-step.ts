import { answerOptionsSchema, type AnswerOptions } from '../model/answer-result';
import type { Passage, Retriever } from '../retrieval/passage';
import { DspyPipelineError } from '../errors/dspy-pipeline-error';
import { emitSafely, type TraceSinks } from '../trace/trace-sink';
import type { AnswerProgress } from './pipeline-results';

/** Abstention reason of a pipeline whose retrieval found nothing above the relevance floor. */
export const NO_RELEVANT_PASSAGE = 'no relevant passage was retrieved';

/** The part of a pipeline's options {@link retrieveStep} reads. */
export interface RetrieveStepSource {
  retriever: Retriever;
  /** Passages scoring at or below this are not relevant. Default 0. */
  minScore?: number;
  sinks?: TraceSinks;
}

/** What {@link retrieveStep} hands to the rest of a pipeline. */
export interface RetrievedStep {
  /** Timings and trace of this answer, started when the step began. */
  progress: AnswerProgress;
  /** Passages scoring above the relevance floor; empty means the pipeline abstains. */
  passages: Passage[];
}

/**
 * The shared first step of the LLM pipelines: starts the answer's timings, validates the
 * question and options, retrieves, records the retriever trace event and keeps the passages
 * scoring above `minScore` (the relevance floor below which a pipeline abstains).
 * @throws DspyPipelineError `invalid_input` for an empty or oversized question.
 */
export async function retrieveStep(
  source: RetrieveStepSource,
  question: string,
  opts: AnswerOptions,
): Promise<RetrievedStep> {
  const { retriever, sinks } = source;
  const minScore = source.minScore ?? 0;
  const progress: AnswerProgress = {
    started: performance.now(),
    retrievalMs: 0,
    llmMs: 0,
    trace: [],
  };
  const q = question.trim();
  if (q.length === 0 || q.length > 4000) {
    throw new DspyPipelineError(
      'invalid_input',
      `question must have 1–4000 characters (got ${q.length}).`,
      {
        where: 'question',
        fix: 'Send a non-empty question shorter than 4000 characters.',
      },
    );
  }
  const parsed = answerOptionsSchema.safeParse({ tenantId: opts.tenantId, topK: opts.topK });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DspyPipelineError(
      'invalid_input',
      `answer option ${String(issue?.path[0])} is invalid: ${issue?.message}.`,
      {
        where: String(issue?.path[0] ?? 'options'),
      },
    );
  }
  const t0 = performance.now();
  const passages = await retriever.retrieve(q, {
    k: parsed.data.topK,
    tenantId: parsed.data.tenantId,
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  progress.retrievalMs = performance.now() - t0;
  const relevant = passages.filter((p) => p.score > minScore);
  const event = {
    module: 'retriever',
    latencyMs: progress.retrievalMs,
    passageIds: relevant.map((p) => p.id),
  };
  progress.trace.push(event);
  emitSafely(sinks?.trace, event);
  return { progress, passages: relevant };
}
