import type { AxGenOut } from '@ax-llm/ax';
import type { TraceEvent, Verdict } from '../pipeline/answer-result';
import type { LlmService } from '../llm/llm-service';
import { observeLlmCall, type CallObservation } from '../llm/served-model-scope';
import { toLlmError } from '../llm/llm-error-mapping';
import { emitSafely, hashPrompt, type TraceSinks } from '../trace/trace-sink';
import { directForward, type DirectForwardResult } from './direct-forward';
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
 * Runs one Ax module once: emits a structured trace event (module, prompt hash, model,
 * served model, latency, tokens, passage ids, verdict) and, to the raw sink only, the
 * rendered prompt and the model output.
 * @throws DspyPipelineError `llm_error` / `llm_timeout`.
 */
export async function runModule<T extends AxGenOut>(args: RunModuleArgs): Promise<ModuleRun<T>> {
  const lent = lendModule(args.spec, args.programId);
  const { gen } = lent;
  const started = performance.now();
  let output: T | undefined;
  let failure: unknown;
  let direct: DirectForwardResult | undefined;
  // Only an HTTP-backed service can exhaust the retry policy (and so needs the abort).
  const observation: CallObservation = {
    attempts: 0,
    ...(args.llm.http ? { abort: new AbortController() } : {}),
  };
  const signal =
    observation.abort && args.signal
      ? AbortSignal.any([args.signal, observation.abort.signal])
      : (observation.abort?.signal ?? args.signal);
  try {
    const options = {
      maxRetries: args.maxCorrections ?? 1,
      ...(signal ? { abortSignal: signal } : {}),
    };
    // Whole (non-streamed) calls skip forward()'s per-call machinery; see directForward.
    if (args.llm.stream) {
      const { value } = await observeLlmCall(
        () => gen.forward(args.llm.ai, args.values, { ...options, stream: true }),
        observation,
      );
      output = value as T;
    } else {
      const { value } = await observeLlmCall(
        () =>
          directForward(gen, args.llm.ai, args.values, {
            ...options,
            ...(args.llm.directChat ? { chat: args.llm.directChat } : {}),
          }),
        observation,
      );
      direct = value;
      output = value.output as T;
    }
  } catch (err) {
    // The retry policy's own error says more than Ax's wrapper around it (or its abort).
    failure = observation.failure ?? err;
  }
  const served = observation.servedModel;
  const latencyMs = performance.now() - started;
  // A streamed call's prompt and reply are read back from Ax's chat log.
  const log = direct ? [] : gen.getChatLog();
  const last = log[log.length - 1];
  const promptMessages =
    direct?.chatPrompt ?? last?.messages.filter((m) => m.role !== 'assistant') ?? [];
  const promptText = JSON.stringify(promptMessages);
  const promptHash = hashPrompt(promptText);
  const tokens = direct ? direct.tokens : sumUsage(gen.getUsage());
  lent.release();
  const error = failure === undefined ? undefined : toLlmError(failure, args.module);
  const verdict = output && args.verdictOf ? args.verdictOf(output) : undefined;
  const event: TraceEvent = {
    module: args.module,
    latencyMs,
    passageIds: [...args.passageIds],
    promptHash,
    model: args.llm.model,
    ...((served ?? args.llm.servedModel())
      ? { servedModel: served ?? args.llm.servedModel() }
      : {}),
    ...(tokens ? { tokens } : {}),
    ...(verdict ? { verdict } : {}),
    ...(error ? { error: error.code } : {}),
  };
  emitSafely(args.sinks?.trace, event);
  if (args.sinks?.raw) {
    emitSafely(args.sinks.raw, {
      module: args.module,
      kind: 'prompt',
      promptHash,
      content: promptText,
    });
    const reply = direct
      ? JSON.stringify({ role: 'assistant', content: direct.replyText })
      : last?.messages
          .filter((m) => m.role === 'assistant')
          .map((m) => JSON.stringify(m))
          .join('\n');
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
