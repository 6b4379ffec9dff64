import type { AxChatLogEntry } from '@ax-llm/ax';

/** The prompt and reply of one LLM request, as Ax's chat log records them. */
export interface ChatExchange {
  /** The messages sent: system prompt, demos as user/assistant pairs, the current inputs. */
  prompt: AxChatLogEntry['messages'];
  /** The model's reply messages. */
  reply: AxChatLogEntry['messages'];
}

/**
 * The first request of a module call and its reply, from `gen.getChatLog()` (Ax's public
 * record of the last `forward()`: one entry per request, the reply appended to the
 * messages sent). A request always ends with the user message carrying the current inputs,
 * so everything up to the last user message was sent and what follows is the reply; demo
 * replies stay with the prompt. A correction request Ax makes after an unreadable reply is a
 * later entry: the first one identifies the module's prompt for these inputs. Empty when
 * no request was made (e.g. the call failed before sending).
 */
export function firstExchange(log: readonly AxChatLogEntry[]): ChatExchange {
  const messages = log[0]?.messages ?? [];
  let split = messages.length;
  while (split > 0 && messages[split - 1]?.role !== 'user') split--;
  if (split === 0) return { prompt: [...messages], reply: [] };
  return { prompt: messages.slice(0, split), reply: messages.slice(split) };
}
