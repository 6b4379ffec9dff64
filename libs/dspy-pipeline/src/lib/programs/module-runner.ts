import type { AxGenOut } from '@ax-llm/ax';
import type { TraceEvent, Verdict } from '../model/answer-result';
import type { LlmService } from '../llm/llm-service';
import { observeLlmCall, type CallObservation } from '../llm/served-model-scope';
import { toLlmError } from '../llm/llm-error-mapping';
import { emitSafely, hashPrompt, type TraceSinks } from '../trace/trace-sink';
import { firstExchange } from './chat-exchange';
import { lendModule, type ModuleSpec } from './module-spec';
import { sumUsage } from './token-usage';

/** Arguments of {@link runModule}. */
export interface RunModuleArgs {
  /** Module name in traces, e.g. `reasoner`. */
  module: string;
  programId: string;
  spec: ModuleSpec;
  llm: LlmService;
  values: Record<string, string>;
  passageIds: readonly string[];
  sinks?: TraceSinks;
  signal?: AbortSignal;
  /** Ax's output-format correction attempts (each one is another LLM call). Default 1. */
  maxCorrections?: number;
  /** Reads the verdict out of the output for the trace event. */
  verdictOf?: (out: AxGenOut) => Verdict | undefined;
}

/** A module's output and the trace event it emitted. */
export interface ModuleRun<T> {
  output: T;
  event: TraceEvent;
}

/**
 * Runs one Ax module once with `AxGen.forward`: emits a structured trace event (module,
 * prompt hash, model, served model, latency, tokens, passage ids, verdict) and, to the raw
 * sink only, the rendered prompt and the model output (both read from Ax's chat log).
 * @throws DspyPipelineError `llm_error` / `llm_timeout`.
 */
export async function runModule<T extends AxGenOut>(args: RunModuleArgs): Promise<ModuleRun<T>> {
  const lent = lendModule(args.spec, args.programId);
  const { gen } = lent;
  const started = performance.now();
  let output: T | undefined;
  let failure: unknown;
  // Ax 24 asks again after an infrastructure error (a 5xx, a network error or a timeout,
  // after a 1 s pause). Once the LLM fetch has spent the configured retries that can only
  // fail the same way, so the fetch aborts this signal (see `failObservation`).
  const abort = new AbortController();
  const observation: CallObservation = { attempts: 0, abort };
  const signal = args.signal ? AbortSignal.any([args.signal, abort.signal]) : abort.signal;
  try {
    const { value } = await observeLlmCall(
      () =>
        gen.forward(args.llm.ai, args.values, {
          maxRetries: args.maxCorrections ?? 1,
          stream: args.llm.stream,
          abortSignal: signal,
        }),
      observation,
    );
    output = value as T;
  } catch (err) {
    // The retry policy's own error says more than Ax's wrapper around it (or its abort).
    failure = observation.failure ?? err;
  }
  const served = observation.servedModel ?? args.llm.servedModel();
  const latencyMs = performance.now() - started;
  // A call that failed before any reply has no chat-log entry, hence no prompt to name.
  const exchange = firstExchange(gen.getChatLog());
  const promptText = exchange.prompt.length > 0 ? JSON.stringify(exchange.prompt) : undefined;
  const promptHash = promptText === undefined ? undefined : hashPrompt(promptText);
  const tokens = sumUsage(gen.getUsage());
  lent.release();
  const error =
    failure === undefined ? undefined : toLlmError(failure, args.module, { fromForward: true });
  const verdict = output && args.verdictOf ? args.verdictOf(output) : undefined;
  const event: TraceEvent = {
    module: args.module,
    latencyMs,
    passageIds: [...args.passageIds],
    ...(promptHash ? { promptHash } : {}),
    model: args.llm.model,
    ...(served ? { servedModel: served } : {}),
    ...(tokens ? { tokens } : {}),
    ...(verdict ? { verdict } : {}),
    ...(error ? { error: error.code } : {}),
    ...cacheFields(observation),
  };
  emitSafely(args.sinks?.trace, event);
  if (args.sinks?.raw && promptText !== undefined && promptHash !== undefined) {
    emitSafely(args.sinks.raw, {
      module: args.module,
      kind: 'prompt',
      promptHash,
      content: promptText,
    });
    const reply = exchange.reply.map((m) => JSON.stringify(m)).join('\n');
    if (reply)
      emitSafely(args.sinks.raw, {
        module: args.module,
        kind: 'output',
        promptHash,
        content: reply,
      });
  }
  if (error) throw error;
  return { output: output as T, event };
}

/** Cache and cost fields of a trace event, from what a metered service observed. */
function cacheFields(obs: CallObservation): Partial<TraceEvent> {
  return {
    ...(obs.requests === undefined
      ? {}
      : { cacheHit: (obs.cacheHits ?? 0) > 0 && obs.cacheHits === obs.requests }),
    ...(obs.costUsd !== undefined ? { costUsd: obs.costUsd } : {}),
    ...(obs.costSavedUsd !== undefined ? { costSavedUsd: obs.costSavedUsd } : {}),
  };
}
