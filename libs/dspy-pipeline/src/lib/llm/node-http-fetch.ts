import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { LeanHeaders, LeanResponse } from './lean-response';

/** Options of {@link createNodeHttpFetch}. */
export interface NodeHttpFetchOptions {
  /** Used for what this transport leaves alone: streamed calls and redirects. Default: global. */
  fallback?: typeof fetch;
  /** Idle keep-alive sockets per origin (default 256). */
  maxFreeSockets?: number;
}

// A streamed call is asked for in the body (`"stream": true`: OpenAI, Anthropic, Ollama) or
// in the path (Gemini's `:streamGenerateContent`); an escaped quote is text inside a prompt.
const STREAM_BODY_RE = /(?<!\\)"stream"\s*:\s*true/;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function headerRecord(headers: RequestInit['headers']): Record<string, string> {
  if (headers === undefined) return {};
  if (headers instanceof Headers) return Object.fromEntries(headers.entries());
  if (Array.isArray(headers)) return Object.fromEntries(headers as [string, string][]);
  return { ...(headers as Record<string, string>) };
}

function decoded(res: IncomingMessage): NodeJS.ReadableStream {
  switch (res.headers['content-encoding']) {
    case 'gzip':
    case 'x-gzip':
      return res.pipe(createGunzip());
    case 'deflate':
      return res.pipe(createInflate());
    case 'br':
      return res.pipe(createBrotliDecompress());
    default:
      return res;
  }
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/**
 * A `fetch` for the LLM client: whole (non-streamed) calls go over `node:http(s)` with
 * keep-alive agents and come back as a {@link LeanResponse} holding the decoded text;
 * streamed calls, redirects and non-string bodies go to `fallback` (the global `fetch`).
 * Why: per call, the global fetch (undici) and the web streams behind every `Response`
 * cost more CPU than everything else in a baseline answer except Ax itself.
 * Honours `signal` until the whole body has arrived; no cookies, no caching, like `fetch`
 * in Node.
 */
export function createNodeHttpFetch(options: NodeHttpFetchOptions = {}): typeof fetch {
  const fallback = options.fallback ?? globalThis.fetch;
  const agentOptions = { keepAlive: true, maxFreeSockets: options.maxFreeSockets ?? 256 };
  const agents = { http: new HttpAgent(agentOptions), https: new HttpsAgent(agentOptions) };

  const lean = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const body = init?.body;
    const url = input instanceof Request ? undefined : new URL(String(input));
    if (
      url === undefined ||
      (url.protocol !== 'http:' && url.protocol !== 'https:') ||
      (body !== undefined && body !== null && typeof body !== 'string') ||
      (typeof body === 'string' && STREAM_BODY_RE.test(body)) ||
      url.pathname.includes(':stream')
    ) {
      return fallback(input, init);
    }
    const signal = init?.signal ?? undefined;
    if (signal?.aborted) throw abortError(signal);
    const headers = headerRecord(init?.headers);
    if (typeof body === 'string') headers['content-length'] = String(Buffer.byteLength(body));
    const secure = url.protocol === 'https:';
    const res = await new Promise<LeanResponse>((resolve, reject) => {
      const req = (secure ? httpsRequest : httpRequest)(url, {
        method: init?.method ?? 'GET',
        headers,
        agent: secure ? agents.https : agents.http,
      });
      const onAbort = (): void => {
        req.destroy();
        reject(abortError(signal as AbortSignal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = (): void => signal?.removeEventListener('abort', onAbort);
      req.once('error', (err) => {
        done();
        reject(err);
      });
      req.once('response', (incoming) => {
        const chunks: Buffer[] = [];
        const stream = decoded(incoming);
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.once('error', (err) => {
          done();
          reject(err);
        });
        stream.once('end', () => {
          done();
          resolve(
            new LeanResponse(
              incoming.statusCode ?? 0,
              incoming.statusMessage ?? '',
              new LeanHeaders(incoming.headers),
              Buffer.concat(chunks).toString('utf8'),
              url.href,
            ),
          );
        });
      });
      req.end(typeof body === 'string' ? body : undefined);
    });
    // `fetch` follows redirects; leave that rare case to it rather than re-implement it.
    if (REDIRECTS.has(res.status) && res.headers.has('location')) return fallback(input, init);
    // Callers treat this as a Response; it implements what they read (see LeanResponse).
    return res as unknown as Response;
  };
  return lean as typeof fetch;
}
