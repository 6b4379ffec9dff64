import type { AxChatRequest } from '@ax-llm/ax';

/** A canned provider reply of the direct-chat tests: status, headers and JSON body. */
export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body: unknown;
}

const usage = { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 };
/** Chat-completions replies: usage, `length`, reasoning content, tool calls, id headers. */
export const OPENAI_REPLIES: Reply[] = [
  {
    body: {
      id: 'c1',
      model: 'm-served',
      choices: [
        { index: 0, message: { role: 'assistant', content: 'Answer: hi' }, finish_reason: 'stop' },
      ],
      usage,
    },
  },
  {
    headers: { 'x-request-id': 'req-7', 'openai-session-id': 'sess-3' },
    body: {
      id: 'c2',
      choices: [
        { index: 0, message: { role: 'assistant', content: 'cut' }, finish_reason: 'length' },
      ],
    },
  },
  {
    body: {
      id: 'c3',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'x', reasoning_content: 'thinking' },
          finish_reason: 'stop',
        },
      ],
      usage,
    },
  },
  {
    body: {
      id: 'c4',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: null,
            tool_calls: [
              { id: 't1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } },
            ],
          },
          finish_reason: 'tool_calls',
        },
      ],
    },
  },
];
/** Replies per provider, in each provider's own wire format. */
export const REPLIES: Record<'openai-compatible' | 'openai' | 'anthropic' | 'google-gemini', Reply[]> = {
  'openai-compatible': OPENAI_REPLIES,
  openai: OPENAI_REPLIES,
  anthropic: [
    {
      headers: { 'request-id': 'a-1' },
      body: {
        id: 'msg_1',
        type: 'message',
        role: 'assistant',
        model: 'claude-served',
        content: [{ type: 'text', text: 'Answer: hi' }],
        stop_reason: 'end_turn',
        usage: { input_tokens: 5, output_tokens: 3 },
      },
    },
  ],
  'google-gemini': [
    {
      body: {
        candidates: [
          { content: { role: 'model', parts: [{ text: 'Answer: hi' }] }, finishReason: 'STOP' },
        ],
        usageMetadata: { promptTokenCount: 5, candidatesTokenCount: 3, totalTokenCount: 8 },
        modelVersion: 'gemini-served',
      },
    },
  ],
};

/** Chat requests and options as `directForward` and the baseline pipeline send them. */
export const REQUESTS: Array<[string, AxChatRequest, Record<string, unknown>]> = [
  [
    'system + user',
    {
      chatPrompt: [
        { role: 'system', content: 'You answer.' },
        { role: 'user', content: 'Question: q?' },
      ],
      functions: [],
      modelConfig: {},
    },
    { stream: false, debug: false, stepIndex: 0, functionCallMode: 'auto' },
  ],
  [
    'model config and an abort signal',
    {
      chatPrompt: [
        { role: 'user', content: 'q' },
        { role: 'assistant', content: 'Answer: a' },
        { role: 'user', content: 'again' },
      ],
      modelConfig: { temperature: 0.3, maxTokens: 77 },
    },
    { stream: false, abortSignal: new AbortController().signal },
  ],
];
