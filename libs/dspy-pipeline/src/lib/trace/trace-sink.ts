import { createHash } from 'node:crypto';
import type { TraceEvent } from '../model/answer-result';

/**
 * Receives one structured event per module call. Events carry hashes, ids, timings and
 * token counts only, so a sink may forward them to logs or MLflow as they are.
 */
export type TraceSink = (event: TraceEvent) => void;

/** A raw prompt or model output of one module call. */
export interface RawTraceRecord {
  module: string;
  kind: 'prompt' | 'output';
  promptHash: string;
  /** The rendered prompt messages or the raw model output. May contain personal data. */
  content: string;
}

/**
 * Receives raw prompts and outputs. These may contain personal data from questions and
 * documents: the caller must scrub them before they leave the process.
 */
export type RawTraceSink = (record: RawTraceRecord) => void;

/** Sinks a module call reports to; both optional. */
export interface TraceSinks {
  trace?: TraceSink;
  raw?: RawTraceSink;
}

/** First 16 hex of the sha256 of a prompt: identifies a prompt without revealing it. */
export function hashPrompt(prompt: string): string {
  return createHash('sha256').update(prompt).digest('hex').slice(0, 16);
}

/** A sink that keeps events in memory, e.g. to return them with an answer. */
export function createCollectingSink(): { sink: TraceSink; events: TraceEvent[] } {
  const events: TraceEvent[] = [];
  return { sink: (e) => events.push(e), events };
}

/** Calls a sink without letting a faulty sink break the answer. */
export function emitSafely<T>(sink: ((v: T) => void) | undefined, value: T): void {
  if (!sink) return;
  try {
    sink(value);
  } catch {
    // A sink is an observer: its failure must not change the answer.
  }
}
