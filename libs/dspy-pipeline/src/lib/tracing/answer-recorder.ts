import type { TraceEvent } from '../model/answer-result';
import type { Passage, RetrieveOptions, Retriever } from '../retrieval/passage';
import type { RawTraceRecord, TraceSinks } from '../trace/trace-sink';

/**
 * What one answer did, for its trace: the module events as they happen (a failed answer has
 * no `AnswerResult.trace`), the raw prompts and outputs, and the passages its retrieval
 * returned. Build the answer's pipeline with {@link sinks} and {@link retriever}: one recorder
 * per answer, so concurrent answers never mix (the pipelines are cheap to build).
 */
export interface AnswerRecorder {
  /** Sinks for the pipeline of this answer (they also call `forward`'s sinks, when given). */
  readonly sinks: TraceSinks;
  /** Module events, in order. */
  readonly events: TraceEvent[];
  /** Raw prompts and outputs (personal data: scrubbed when the trace is built). */
  readonly raw: RawTraceRecord[];
  /** Passages of the answer's first retrieval; undefined before it. */
  readonly passages: readonly Passage[] | undefined;
  /** `inner`, recording the passages of the first `retrieve` call made through it. */
  retriever(inner: Retriever): Retriever;
}

/** A recorder for one answer; `forward` sinks still receive every event and record. */
export function createAnswerRecorder(forward: TraceSinks = {}): AnswerRecorder {
  const events: TraceEvent[] = [];
  const raw: RawTraceRecord[] = [];
  let passages: Passage[] | undefined;
  return {
    sinks: {
      trace: (e) => {
        events.push(e);
        forward.trace?.(e);
      },
      raw: (r) => {
        raw.push(r);
        forward.raw?.(r);
      },
    },
    events,
    raw,
    get passages() {
      return passages;
    },
    retriever(inner: Retriever): Retriever {
      return {
        kind: inner.kind,
        async retrieve(query: string, opts: RetrieveOptions): Promise<Passage[]> {
          const found = await inner.retrieve(query, opts);
          passages ??= found;
          return found;
        },
      };
    },
  };
}
