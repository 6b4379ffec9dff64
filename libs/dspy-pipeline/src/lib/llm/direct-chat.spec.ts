import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AxAIServiceAbortedError,
  AxMockAIService,
  axGlobals,
  type AxAIService,
  type AxChatRequest,
} from '@ax-llm/ax';
import { DspyPipelineError } from '../errors/dspy-pipeline-error';
import { llmConfigSchema, type LlmProvider } from '../config/llm-config';
import { createDirectChat } from './direct-chat';
import { createLlmService } from './llm-service';
import { createNodeHttpFetch } from './node-http-fetch';
import { OPENAI_REPLIES, REPLIES, REQUESTS, type Reply } from '../../test-fixtures/chat-replies';

interface Recorded {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** A real loopback server answering every request with the reply the test sets. */
async function startServer() {
  const requests: Recorded[] = [];
  let reply: Reply = { body: {} };
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: { ...req.headers },
        body: raw ? (JSON.parse(raw) as unknown) : undefined,
      });
      res.writeHead(reply.status ?? 200, {
        'content-type': 'application/json',
        ...reply.headers,
      });
      res.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    reply: (r: Reply) => (reply = r),
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

// Ax's Gemini client builds its own googleapis.com URLs: the test sends them to the local server.
function toLocal(base: string): typeof fetch {
  const http = createNodeHttpFetch();
  return ((input: string | URL | Request, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    return http(url.replace(/^https:\/\/generativelanguage\.googleapis\.com/, base), init);
  }) as typeof fetch;
}

function service(provider: LlmProvider, base: string) {
  return createLlmService(
    llmConfigSchema.parse({
      provider,
      model: provider === 'google-gemini' ? 'gemini-2.0-flash' : 'm-1',
      baseUrl: `${base}/v1`,
      apiKey: 'sk-test-key',
      seed: 3,
      retries: 0,
      timeoutMs: 5000,
    }),
    { baseFetch: toLocal(base) },
  );
}

/** The service's direct chat (every HTTP provider has one). */
function chatOf(llm: ReturnType<typeof service>) {
  if (!llm.directChat) throw new Error(`no direct chat for ${llm.provider}`);
  return llm.directChat;
}

/** Ax's own chat, counted, so a test can tell whether the direct path handed the call over. */
function countAxCalls(ai: AxAIService): { count: () => number } {
  let n = 0;
  const chat = ai.chat.bind(ai);
  ai.chat = ((...args: Parameters<AxAIService['chat']>) => {
    n++;
    return chat(...args);
  }) as AxAIService['chat'];
  return { count: () => n };
}

describe('createDirectChat', () => {
  let srv: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    srv = await startServer();
  });
  afterAll(() => srv.close());
  beforeEach(() => {
    srv.requests.length = 0;
  });

  for (const provider of Object.keys(REPLIES) as Array<keyof typeof REPLIES>) {
    it.each(REQUESTS)(
      `${provider}: sends the request Ax sends and returns Ax's response (%s)`,
      async (_name, req, opts) => {
        const llm = service(provider, srv.base);
        expect(llm.directChat).toBeDefined();
        const ax = countAxCalls(llm.ai);
        for (const reply of REPLIES[provider]) {
          srv.reply(reply);
          srv.requests.length = 0;
          const viaAx = await llm.ai.chat(req, opts);
          const direct = await chatOf(llm)(req, opts);
          expect(ax.count()).toBeGreaterThan(0);
          const [a, d] = srv.requests;
          expect(srv.requests).toHaveLength(2);
          const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
          expect(d?.headers['x-request-id']).toMatch(uuid);
          expect(d?.headers['x-request-id']).not.toBe(a?.headers['x-request-id']);
          const strip = (r?: Recorded) => ({
            ...r,
            headers: { ...r?.headers, 'x-request-id': 'id' },
          });
          expect(strip(d)).toEqual(strip(a));
          expect(direct).toEqual(viaAx);
          // toEqual ignores undefined-valued keys: the set of keys must match too.
          expect(Object.keys(direct).sort()).toEqual(Object.keys(viaAx).sort());
        }
        expect(ax.count()).toBe(REPLIES[provider].length);
      },
    );
  }

  it.each<[string, Partial<AxChatRequest>, Record<string, unknown>]>([
    ['streaming', {}, { stream: true }],
    ['stream left to the default', {}, {}],
    [
      'functions',
      {
        functions: [
          { name: 'f', description: 'a function', parameters: { type: 'object', properties: {} } },
        ],
      },
      { stream: false },
    ],
    ['a model key', { model: 'm-1' }, { stream: false }],
    ['an option it does not reproduce (sessionId)', {}, { stream: false, sessionId: 's' }],
    ['debug logging', {}, { stream: false, debug: true }],
  ])('hands calls with %s to Ax', async (_name, extra, opts) => {
    srv.reply({ body: OPENAI_REPLIES[0]?.body });
    const llm = service('openai-compatible', srv.base);
    const ax = countAxCalls(llm.ai);
    const res = await chatOf(llm)(
      { chatPrompt: [{ role: 'user', content: 'q' }], ...extra },
      { ...opts, ...(opts['debug'] ? { logger: () => undefined } : {}) },
    );
    expect(ax.count()).toBe(1);
    expect(res).toBeDefined();
  });

  it('hands calls to Ax while a usage callback is installed', async () => {
    srv.reply({ body: OPENAI_REPLIES[0]?.body });
    const llm = service('openai-compatible', srv.base);
    const ax = countAxCalls(llm.ai);
    const seen: unknown[] = [];
    axGlobals.onUsage = (e) => void seen.push(e);
    try {
      await chatOf(llm)({ chatPrompt: [{ role: 'user', content: 'q' }] }, { stream: false });
    } finally {
      axGlobals.onUsage = undefined;
    }
    expect(ax.count()).toBe(1);
    expect(seen).toHaveLength(1);
    await chatOf(llm)({ chatPrompt: [{ role: 'user', content: 'q' }] }, { stream: false });
    expect(ax.count()).toBe(1);
  });

  it('fails an HTTP error status with a typed error naming the status', async () => {
    srv.reply({ status: 503, body: { error: { message: 'overloaded' } } });
    const llm = service('openai-compatible', srv.base);
    const err = await chatOf(llm)(
      { chatPrompt: [{ role: 'user', content: 'q' }] },
      { stream: false },
    ).catch((e: unknown) => e);
    expect(DspyPipelineError.isInstance(err)).toBe(true);
    expect((err as DspyPipelineError).code).toBe('llm_error');
    expect((err as Error).message).toContain('HTTP 503');
    expect((err as Error).message).not.toContain('sk-test-key');
  });

  it("fails a caller's abort with Ax's aborted error, before or during the request", async () => {
    srv.reply({ body: OPENAI_REPLIES[0]?.body });
    const llm = service('openai-compatible', srv.base);
    const before = new AbortController();
    before.abort('client went away');
    const req = { chatPrompt: [{ role: 'user' as const, content: 'q' }] };
    const early = await chatOf(llm)(req, { stream: false, abortSignal: before.signal }).catch(
      (e: unknown) => e,
    );
    expect(early).toBeInstanceOf(AxAIServiceAbortedError);
    expect(srv.requests).toHaveLength(0);
    const during = new AbortController();
    const pending = chatOf(llm)(req, { stream: false, abortSignal: during.signal });
    during.abort('client went away');
    expect(await pending.catch((e: unknown) => e)).toBeInstanceOf(AxAIServiceAbortedError);
  });

  it("is not made for models Ax sends to OpenAI's Responses API", () => {
    const make = (provider: LlmProvider, model: string) =>
      createLlmService(
        llmConfigSchema.parse({ provider, model, apiKey: 'k', baseUrl: `${srv.base}/v1` }),
      );
    expect(make('openai', 'gpt-6-astra').directChat).toBeUndefined();
    expect(make('openai', 'gpt-6-astra-mini').directChat).toBeUndefined();
    expect(make('openai', 'gpt-4o-mini').directChat).toBeDefined();
    expect(make('openai-compatible', 'gpt-6-astra').directChat).toBeDefined();
  });

  it('is not made for services without an HTTP provider (test doubles)', () => {
    const mock = new AxMockAIService({ chatResponse: { results: [{ index: 0, content: 'x' }] } });
    expect(createDirectChat(mock as unknown as AxAIService)).toBeUndefined();
  });
});
