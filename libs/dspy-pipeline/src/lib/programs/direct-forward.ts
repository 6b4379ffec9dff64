import type { AxAIService, AxChatResponse, AxGen, AxGenOut, AxSignature } from '@ax-llm/ax';
import { CachedPromptTemplate } from './cached-prompt-template';
import { parseFieldOutput } from './field-output-parser';
import { sumUsage } from './token-usage';
import type { DirectChat } from '../llm/direct-chat';
import type { TokenUsage } from '../pipeline/answer-result';

type ChatPrompt = Parameters<AxAIService['chat']>[0]['chatPrompt'];

/** What one module call produced. */
export interface DirectForwardResult {
  output: AxGenOut;
  /** The messages sent (the first request when Ax had to ask again). */
  chatPrompt: ChatPrompt;
  /** Token usage reported by the provider, summed over the call's requests. */
  tokens?: TokenUsage;
  /** false when the reply went through Ax's own `forward()` (parsing or corrections). */
  direct: boolean;
  /** The model's reply text (the first reply when Ax had to ask again). */
  replyText: string;
}

/** The parts of an `AxGen` this path reads (Ax 24 field names). */
interface GenState {
  signature: AxSignature;
  demos?: unknown;
  examples?: unknown;
  thoughtFieldName?: string;
  getInstruction(): string | undefined;
}

const templates = new WeakMap<
  AxGen,
  { instruction: string | undefined; tpl: CachedPromptTemplate }
>();

function templateFor(gen: AxGen, ai: AxAIService): CachedPromptTemplate {
  const g = gen as unknown as GenState;
  const instruction = g.getInstruction();
  const hit = templates.get(gen);
  if (hit && hit.instruction === instruction) return hit.tpl;
  // The options AxGen.forward gives its template for a call without functions or caching.
  const ignoreBreakpoints = ai.getFeatures?.()?.caching?.cacheBreakpoints === false;
  const tpl = new CachedPromptTemplate(g.signature, {
    functions: [],
    thoughtFieldName: g.thoughtFieldName ?? 'thought',
    ignoreBreakpoints,
  });
  if (instruction !== undefined && instruction.trim().length > 0) tpl.setInstruction(instruction);
  templates.set(gen, { instruction, tpl });
  return tpl;
}

/** `ai` whose next chat call answers `reply` (already received), later ones going to `ai`. */
function replaying(ai: AxAIService, reply: AxChatResponse): AxAIService {
  let pending: AxChatResponse | undefined = reply;
  return new Proxy(ai, {
    get(target, prop, receiver) {
      if (prop === 'chat') {
        return (...args: Parameters<AxAIService['chat']>) => {
          if (pending === undefined) return target.chat(...args);
          const r = pending;
          pending = undefined;
          return Promise.resolve(r);
        };
      }
      const v: unknown = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

/**
 * One call of an Ax module, as `gen.forward(ai, values)` makes it, without `forward()`'s
 * per-call machinery (a new prompt template and memory, request validation, streaming
 * extraction, assertion plumbing) that cost more CPU than the HTTP call itself. The request is
 * the one Ax sends: same template (Ax's own, `CachedPromptTemplate`), same demos, same chat
 * options (`direct-forward.spec.ts` compares the requests). The reply is read with
 * {@link parseFieldOutput}; a reply it does not accept is handed, unchanged and without a
 * new LLM call, to `gen.forward()` through a replaying service, so Ax parses it and makes its
 * usual correction request if needed. For calls that need Ax's full path (streaming,
 * functions, programs with assertions or field processors), use `gen.forward` directly.
 */
export async function directForward(
  gen: AxGen,
  ai: AxAIService,
  values: Record<string, string>,
  options: {
    maxRetries: number;
    abortSignal?: AbortSignal;
    /** Sends the request instead of `ai.chat` (same request and reply; `createDirectChat`). */
    chat?: DirectChat;
  },
): Promise<DirectForwardResult> {
  const g = gen as unknown as GenState;
  const chatPrompt = templateFor(gen, ai).render(values, {
    examples: g.examples as never,
    demos: g.demos as never,
  });
  const chat = options.chat ?? ai.chat.bind(ai);
  const res = (await chat(
    { chatPrompt, functions: [], modelConfig: {} },
    {
      stream: false,
      debug: false,
      debugHideSystemPrompt: false,
      stepIndex: 0,
      functionCallMode: 'auto',
      ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
    },
  )) as AxChatResponse;
  const first = res.results?.[0];
  const plain =
    res.results?.length === 1 &&
    first?.finishReason !== 'length' &&
    !first?.functionCalls?.length &&
    !first?.thought;
  const output = plain ? parseFieldOutput(g.signature, first?.content ?? '') : undefined;
  const replyText = first?.content ?? '';
  if (output !== undefined)
    // Only strings, string lists and class values come out of parseFieldOutput.
    return {
      output: output as AxGenOut,
      chatPrompt,
      tokens: sumUsage(res.modelUsage?.tokens ? [res.modelUsage] : []),
      direct: true,
      replyText,
    };
  gen.resetUsage();
  const viaAx = await gen.forward(replaying(ai, res), values, {
    maxRetries: options.maxRetries,
    stream: false,
    ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
  });
  const tokens = sumUsage(gen.getUsage());
  return { output: viaAx, chatPrompt, tokens, direct: false, replyText };
}
