import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What a scripted chat reply may do. */
export interface StubChatReply {
  /** Assistant message content. */
  content?: string;
  /** HTTP status to fail with instead of answering (e.g. 503 to exercise retries). */
  status?: number;
  /** Extra delay before answering this request, on top of the server latency. */
  delayMs?: number;
  /** Close the connection without a response (a network error). */
  dropConnection?: boolean;
  /** Served model name for this reply (default: the server's `servedModel`). */
  model?: string;
}

/** A recorded request. */
export interface StubRequestRecord {
  path: string;
  body: Record<string, unknown>;
  /** Headers with the authorization value redacted. */
  headers: Record<string, string>;
}

/** Options of {@link startOpenAiStubServer}. */
export interface OpenAiStubServerOptions {
  /** Fixed latency added to every chat and embedding response (ms). Default 0. */
  latencyMs?: number;
  /**
   * Scripted replies: a function of the request body and its 0-based chat request index,
   * or a queue consumed in order (the last entry repeats). Default: echo a fixed answer.
   */
  reply?:
    | ((body: Record<string, unknown>, index: number) => StubChatReply | string)
    | Array<StubChatReply | string>;
  /** Served model reported in responses. Default `<requested>-served-0001`. */
  servedModel?: string;
  /** Embedding dimension. Default 8. */
  embeddingDim?: number;
}

/** A running stub: its base URL (ends in `/v1`), recorded requests and `close()`. */
export interface OpenAiStubServer {
  readonly baseUrl: string;
  readonly requests: StubRequestRecord[];
  /** Chat requests only. */
  chatRequests(): StubRequestRecord[];
  close(): Promise<void>;
}

/**
 * TEST DOUBLE: a local OpenAI-compatible server (chat completions with and without
 * streaming, embeddings) bound to 127.0.0.1 on an ephemeral port. Lets tests and benchmarks
 * drive Ax's real HTTP client: latency, scripted answers, failures for retries and
 * timeouts, and a `model` field that differs from the requested one.
 */
export async function startOpenAiStubServer(
  options: OpenAiStubServerOptions = {},
): Promise<OpenAiStubServer> {
  const requests: StubRequestRecord[] = [];
  let chatIndex = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    let body: Record<string, unknown> = {};
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'invalid JSON' } }));
      return;
    }
    const path = (req.url ?? '').split('?')[0] ?? '';
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      headers[k] = k === 'authorization' ? '[redacted]' : String(v);
    }
    requests.push({ path, body, headers });
    if (path.endsWith('/chat/completions')) {
      await chat(body, res, chatIndex++);
    } else if (path.endsWith('/embeddings')) {
      await wait(options.latencyMs ?? 0);
      embeddings(body, res);
    } else {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `no route ${path}` } }));
    }
  }

  async function chat(
    body: Record<string, unknown>,
    res: ServerResponse,
    index: number,
  ): Promise<void> {
    const reply = scripted(body, index);
    await wait((options.latencyMs ?? 0) + (reply.delayMs ?? 0));
    if (res.destroyed) return;
    if (reply.dropConnection) {
      res.socket?.destroy();
      return;
    }
    if (reply.status && reply.status >= 400) {
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: { message: `scripted failure ${reply.status}`, type: 'stub_error' },
        }),
      );
      return;
    }
    const requested = typeof body['model'] === 'string' ? body['model'] : 'stub-model';
    const model = reply.model ?? options.servedModel ?? `${requested}-served-0001`;
    const content = reply.content ?? 'Answer: stub answer\nCitations: []';
    const id = `chatcmpl-stub-${index}`;
    const usage = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };
    if (body['stream'] === true) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      const base = { id, object: 'chat.completion.chunk', created: 0, model };
      const mid = Math.ceil(content.length / 2);
      for (const part of [content.slice(0, mid), content.slice(mid)]) {
        res.write(
          `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: part }, finish_reason: null }] })}\n\n`,
        );
      }
      res.write(
        `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage })}\n\n`,
      );
      res.end('data: [DONE]\n\n');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        id,
        object: 'chat.completion',
        created: 0,
        model,
        choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
        usage,
      }),
    );
  }

  function scripted(body: Record<string, unknown>, index: number): StubChatReply {
    const r = options.reply;
    let out: StubChatReply | string | undefined;
    if (typeof r === 'function') out = r(body, index);
    else if (Array.isArray(r) && r.length > 0) out = r[Math.min(index, r.length - 1)];
    if (out === undefined) return {};
    return typeof out === 'string' ? { content: out } : out;
  }

  function embeddings(body: Record<string, unknown>, res: ServerResponse): void {
    const input = body['input'];
    const texts = Array.isArray(input) ? input.map(String) : [String(input ?? '')];
    const dim = options.embeddingDim ?? 8;
    const data = texts.map((t, index) => ({
      object: 'embedding',
      index,
      embedding: pseudoEmbedding(t, dim),
    }));
    const requested = typeof body['model'] === 'string' ? body['model'] : 'stub-embed';
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        object: 'list',
        data,
        model: requested,
        usage: { prompt_tokens: texts.length, total_tokens: texts.length },
      }),
    );
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    chatRequests: () => requests.filter((r) => r.path.endsWith('/chat/completions')),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Deterministic unit vector from a text's character codes. */
function pseudoEmbedding(text: string, dim: number): number[] {
  const v = new Array<number>(dim).fill(0);
  for (let i = 0; i < text.length; i++) v[i % dim] = (v[i % dim] ?? 0) + text.charCodeAt(i);
  const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1;
  return v.map((x) => x / norm);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function wait(ms: number): Promise<void> {
  return ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve();
}
