import {
  newSpanId,
  newTraceId,
  type AssessmentRecord,
  type JsonValue,
  type TraceRecord,
} from '@cited/mlflow-client';
import type { AnswerResult, TraceEvent } from '../model/answer-result';
import type { Passage } from '../retrieval/passage';
import type { RawTraceRecord } from '../trace/trace-sink';

type SpanInput = TraceRecord['spans'][number];

/** Replaces personal data and secrets in one text (pii-scrub); must never throw. */
export type TraceScrub = (text: string) => string;

/** What {@link answerTrace} builds a trace from. */
export interface AnswerTraceInput {
  /** OpenTelemetry trace id (32 hex); default: a new one. */
  traceId?: string;
  question: string;
  /** Epoch ms when the pipeline was called. */
  startedAtMs: number;
  /** Epoch ms when it returned or failed; default: start + the answer's total time. */
  endedAtMs?: number;
  /** The answer; absent when the pipeline failed. */
  result?: AnswerResult;
  /** Why it failed: a code (`llm_timeout`, …) and a message (scrubbed before it is written). */
  error?: { code: string; message?: string };
  /** What the answer's recorder saw (events, raw prompts and outputs, passages). */
  recorded?: {
    events?: readonly TraceEvent[];
    raw?: readonly RawTraceRecord[];
    passages?: readonly Passage[] | undefined;
  };
  /** Trace tags: program id and version, pipeline, tenant, dataset digest, … */
  tags?: Record<string, string>;
  /** Trace metadata. */
  metadata?: Record<string, string>;
  assessments?: AssessmentRecord[];
  /** Applied to every text that goes into the trace: question, answer, passages, prompts. */
  scrub: TraceScrub;
  /**
   * Applied to passage texts and titles instead of `scrub`: passages recur across answers, so
   * a caller may remember their scrubbed form (default `scrub`).
   */
  scrubPassage?: TraceScrub;
}

/** Longest text kept in one field of a trace. */
const MAX_TEXT = 50_000;

const LLM_MODULES = new Set(['reasoner', 'baseline-llm']);

function clip(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
}

/** The step name and MLflow span type of a module event. */
function stepOf(e: TraceEvent): { name: string; type: SpanInput['spanType'] } {
  if (e.module === 'retriever') return { name: 'retrieve', type: 'RETRIEVER' };
  if (e.module === 'extractor') return { name: 'extract', type: 'PARSER' };
  if (LLM_MODULES.has(e.module)) return { name: 'reason', type: 'CHAT_MODEL' };
  if (e.module === 'verifier' || e.module === 'lexical-verifier')
    return { name: 'verify', type: e.model !== undefined ? 'CHAT_MODEL' : 'TOOL' };
  return { name: e.module, type: e.model !== undefined ? 'CHAT_MODEL' : 'CHAIN' };
}

/** Chat messages of a raw prompt: Ax's `[{role, content}]` or the baseline's `[system, user]`. */
function messagesOf(content: string, scrub: TraceScrub): JsonValue[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    return [{ role: 'user', content: scrub(clip(content)) }];
  }
  if (!Array.isArray(parsed)) return [{ role: 'user', content: scrub(clip(content)) }];
  return parsed.map((m, i) => {
    if (typeof m === 'string')
      return { role: i === 0 ? 'system' : 'user', content: scrub(clip(m)) };
    const o = (m ?? {}) as { role?: unknown; content?: unknown };
    const text = typeof o.content === 'string' ? o.content : JSON.stringify(o.content ?? '');
    return { role: typeof o.role === 'string' ? o.role : 'user', content: scrub(clip(text)) };
  });
}

/** The reply text of a raw output: Ax's reply messages (JSON lines) or the baseline's text. */
function replyOf(content: string): string {
  const texts: string[] = [];
  for (const line of content.split('\n')) {
    try {
      const m = JSON.parse(line) as { content?: unknown };
      if (typeof m.content === 'string') {
        texts.push(m.content);
        continue;
      }
    } catch {
      // Not a JSON message line: the baseline's plain reply.
    }
    return content;
  }
  return texts.join('\n');
}

function documentsOf(
  ids: readonly string[],
  passages: readonly Passage[] | undefined,
  scrub: TraceScrub,
): JsonValue[] {
  const byId = new Map((passages ?? []).map((p) => [p.id, p]));
  return ids.map((id): JsonValue => {
    const p = byId.get(id);
    if (p === undefined) return { page_content: '', metadata: { chunk_id: id }, id };
    return {
      page_content: scrub(clip(p.text)),
      metadata: {
        doc_uri: p.documentId,
        chunk_id: p.id,
        title: scrub(p.title),
        score: Number.isFinite(p.score) ? p.score : 0,
      },
      id: p.id,
    };
  });
}

function moduleSpan(
  e: TraceEvent,
  input: AnswerTraceInput,
  rootId: string,
  startMs: number,
  answer: string | undefined,
): SpanInput {
  const { scrub } = input;
  const step = stepOf(e);
  const attributes: Record<string, string | number> = { 'cited.module': e.module };
  if (e.promptHash !== undefined) attributes['cited.prompt_hash'] = e.promptHash;
  if (e.verdict !== undefined) attributes['cited.verdict'] = e.verdict;
  if (e.servedModel !== undefined) attributes['cited.served_model'] = e.servedModel;
  // A reply from the request cache keeps its original token counts and costs nothing.
  if (e.cacheHit !== undefined) attributes['cited.cache_hit'] = String(e.cacheHit);
  if (e.costUsd !== undefined) attributes['cited.cost_usd'] = e.costUsd;
  const span: SpanInput = {
    spanId: newSpanId(),
    parentSpanId: rootId,
    name: step.name,
    spanType: step.type,
    startTimeMs: startMs,
    endTimeMs: startMs + e.latencyMs,
    status: e.error === undefined ? 'OK' : 'ERROR',
    ...(e.error === undefined ? {} : { statusMessage: e.error }),
    attributes,
    ...(e.tokens === undefined
      ? {}
      : {
          tokenUsage: {
            inputTokens: e.tokens.promptTokens,
            outputTokens: e.tokens.completionTokens,
            totalTokens: e.tokens.totalTokens,
          },
        }),
    ...(e.model === undefined ? {} : { model: e.model }),
  };
  if (step.type === 'RETRIEVER') {
    span.inputs = { query: scrub(clip(input.question)) };
    span.outputs = documentsOf(e.passageIds, input.recorded?.passages, input.scrubPassage ?? scrub);
  } else if (step.type === 'CHAT_MODEL') {
    const raw = input.recorded?.raw ?? [];
    const own = (kind: RawTraceRecord['kind']) =>
      raw.find((r) => r.module === e.module && r.kind === kind && r.promptHash === e.promptHash);
    const prompt = own('prompt');
    const output = own('output');
    span.inputs = prompt
      ? { messages: messagesOf(prompt.content, scrub) }
      : { passage_ids: [...e.passageIds] };
    if (output)
      span.outputs = {
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: scrub(clip(replyOf(output.content))) },
            finish_reason: 'stop',
          },
        ],
      };
  } else if (step.name === 'extract') {
    span.inputs = { passage_ids: [...e.passageIds] };
    if (answer !== undefined) span.outputs = { answer: scrub(clip(answer)) };
  } else {
    span.inputs = {
      ...(answer === undefined ? {} : { answer: scrub(clip(answer)) }),
      passage_ids: [...e.passageIds],
    };
    const v = input.result?.verification;
    span.outputs = {
      verdict: e.verdict ?? v?.verdict ?? null,
      ...(v === undefined
        ? {}
        : { unsupported_claims: v.unsupportedClaims.map((c) => scrub(clip(c))) }),
    };
  }
  return span;
}

/**
 * The MLflow trace of one answer: a `CHAIN` root (`answer`: the question in, the answer, its
 * citations and verdict out) with one span per module event, laid out in pipeline order
 * (events carry latencies, not start times): `retrieve` (RETRIEVER, the passages as
 * documents), `reason` (CHAT_MODEL, the prompt messages and the reply, token usage), `extract`
 * (PARSER) and `verify` (TOOL, or CHAT_MODEL for the LLM verifier). A failed answer is an
 * `ERROR` trace with its error code and the steps that ran. Every text goes through `scrub`.
 */
export function answerTrace(traced: AnswerTraceInput): TraceRecord {
  // The question and the answer appear in several spans: each distinct text is scrubbed once.
  const scrubbed = new Map<string, string>();
  const scrub: TraceScrub = (text) => {
    let out = scrubbed.get(text);
    if (out === undefined) scrubbed.set(text, (out = traced.scrub(text)));
    return out;
  };
  const input: AnswerTraceInput = { ...traced, scrub };
  const { result } = input;
  const rootId = newSpanId();
  const events = result?.trace ?? input.recorded?.events ?? [];
  const spans: SpanInput[] = [];
  let cursor = input.startedAtMs;
  for (const e of events) {
    spans.push(moduleSpan(e, input, rootId, cursor, result?.answer));
    cursor += e.latencyMs;
  }
  const end =
    input.endedAtMs ?? input.startedAtMs + (result?.timings.totalMs ?? cursor - input.startedAtMs);
  const failed = input.error !== undefined || result === undefined;
  const root: SpanInput = {
    spanId: rootId,
    name: 'answer',
    spanType: 'CHAIN',
    startTimeMs: input.startedAtMs,
    endTimeMs: Math.max(end, cursor),
    status: failed ? 'ERROR' : 'OK',
    ...(failed ? { statusMessage: input.error?.code ?? 'failed' } : {}),
    inputs: { question: scrub(clip(input.question)) },
    ...(result === undefined
      ? input.error?.message === undefined
        ? {}
        : { outputs: { error: input.error.code, message: scrub(clip(input.error.message)) } }
      : {
          outputs: {
            answer: scrub(clip(result.answer)),
            abstained: result.abstained,
            verdict: result.verification.verdict,
            citations: result.citations.map((c) => c.id),
          },
        }),
    attributes: input.error === undefined ? {} : { 'cited.error_code': input.error.code },
  };
  return {
    traceId: input.traceId ?? newTraceId(),
    tags: { ...input.tags },
    metadata: { ...input.metadata },
    spans: [root, ...spans],
    assessments: input.assessments ?? [],
  };
}
