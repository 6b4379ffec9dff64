import { AxMockAIService, type AxChatRequest } from '@ax-llm/ax';
import { describeAxService, type LlmService } from '../llm/llm-service';

/** One chat request as the scripted LLM sees it. */
export interface ScriptedLlmRequest {
  system: string;
  /** The last user message (the current inputs). */
  user: string;
  /** All message texts joined: demos included, wherever Ax renders them. */
  all: string;
  /** 0-based index of this call. */
  index: number;
}

/** Options of {@link createScriptedLlm}. */
export interface ScriptedLlmOptions {
  /** Returns the assistant text: one `field: value` line per output field, or JSON for the baseline. */
  respond: (req: ScriptedLlmRequest) => string;
  model?: string;
  /** Simulated latency per call (ms). Default 0. */
  latencyMs?: number;
}

/** The scripted LLM and the requests it received. */
export interface ScriptedLlm {
  llm: LlmService;
  requests: ScriptedLlmRequest[];
}

/**
 * TEST DOUBLE: an in-process LLM built on Ax's `AxMockAIService<string>` that answers with
 * a script. Use it to test Ax programs, pipelines and optimizers without a network.
 */
export function createScriptedLlm(options: ScriptedLlmOptions): ScriptedLlm {
  const requests: ScriptedLlmRequest[] = [];
  const service = new AxMockAIService<string>({
    features: { functions: false, streaming: false },
    ...(options.latencyMs ? { latencyMs: options.latencyMs } : {}),
    chatResponse: async (req: Readonly<AxChatRequest<unknown>>) => {
      const texts = req.chatPrompt.map((m) => ({ role: m.role, text: messageText(m) }));
      const system = texts
        .filter((t) => t.role === 'system')
        .map((t) => t.text)
        .join('\n');
      const users = texts.filter((t) => t.role === 'user');
      const request: ScriptedLlmRequest = {
        system,
        user: users[users.length - 1]?.text ?? '',
        all: texts.map((t) => t.text).join('\n'),
        index: requests.length,
      };
      requests.push(request);
      const content = options.respond(request);
      return {
        results: [{ index: 0, content, finishReason: 'stop' as const }],
        modelUsage: {
          ai: 'scripted',
          model: options.model ?? 'scripted-model',
          tokens: {
            promptTokens: Math.ceil(request.all.length / 4),
            completionTokens: Math.ceil(content.length / 4),
            totalTokens: Math.ceil((request.all.length + content.length) / 4),
          },
        },
      };
    },
  });
  return {
    llm: describeAxService(service, { model: options.model ?? 'scripted-model' }),
    requests,
  };
}

function messageText(m: AxChatRequest<unknown>['chatPrompt'][number]): string {
  const c = (m as { content?: unknown }).content;
  if (typeof c === 'string') return c;
  if (Array.isArray(c))
    return c
      .map((p) =>
        typeof p === 'object' && p && 'text' in p ? String((p as { text: unknown }).text) : '',
      )
      .join('');
  return '';
}
