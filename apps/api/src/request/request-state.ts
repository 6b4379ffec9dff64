import type { FastifyRequest } from 'fastify';
import type { PipelineKind, TraceEvent } from '@cited/dspy-pipeline';

/** What the request path learns about one request; read by the access log line. */
export interface RequestState {
  tenantId?: string;
  /** Tenant fixed by the API key (keyed mode); a body `tenantId` must match it. */
  keyTenantId?: string;
  pipeline?: PipelineKind;
  wantedPipeline?: PipelineKind;
  degraded?: boolean;
  fallbackReason?: string;
  programId?: string;
  programVersion?: string;
  models?: string[];
  citedSourceIds?: string[];
  verdict?: string;
  timings?: { retrievalMs: number; llmMs: number; totalMs: number };
  errorCode?: string;
  /** Pipelines that failed upstream before a fallback answered (tracing). */
  failedPipelines?: PipelineKind[];
  /** Epoch ms around the answering pipeline call, and its module events (tracing only). */
  pipelineStartedAt?: number;
  pipelineEndedAt?: number;
  trace?: TraceEvent[];
  /** Opt-in (`CITED_LOG_TEXT`): scrubbed by the logger before it is written. */
  question?: string;
  answer?: string;
}

const states = new WeakMap<object, RequestState>();

/** The mutable state of `request` (created on first use). */
export function requestState(request: FastifyRequest): RequestState {
  let s = states.get(request.raw);
  if (s === undefined) {
    s = {};
    states.set(request.raw, s);
  }
  return s;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Keeps a caller's `x-request-id` when it is a safe token, else mints a UUID. */
export function resolveRequestId(header: unknown, mint: () => string): string {
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : mint();
}
