import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { LeanResponse } from './lean-response';
import { createNodeHttpFetch } from './node-http-fetch';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

/** A real loopback server whose behaviour each test sets. */
async function startServer(): Promise<{
  base: string;
  server: Server;
  sockets: Set<unknown>;
  handle: (h: Handler) => void;
}> {
  let handler: Handler = (_req, _body, res) => res.end('{}');
  const sockets = new Set<unknown>();
  const server = createServer((req, res) => {
    sockets.add(req.socket);
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => handler(req, body, res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}`, server, sockets, handle: (h) => (handler = h) };
}

describe('createNodeHttpFetch', () => {
  let srv: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    srv = await startServer();
  });
  afterAll(async () => {
    srv.server.closeAllConnections();
    await new Promise((r) => srv.server.close(r));
  });

  it('sends method, headers and body, and returns status, headers and JSON', async () => {
    const seen: Array<{ method?: string; type?: string; custom?: string; body: string }> = [];
    srv.handle((req, body, res) => {
      seen.push({
        method: req.method,
        type: req.headers['content-type'],
        custom: req.headers['x-request-id'] as string | undefined,
        body,
      });
      res.writeHead(201, 'Made', { 'content-type': 'application/json', 'X-Model': 'm-1' });
      res.end(JSON.stringify({ model: 'm-1', choices: [{ text: 'é ✓' }] }));
    });
    const f = createNodeHttpFetch();
    const res = await f(`${srv.base}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Request-ID': 'r1' },
      body: '{"messages":[{"content":"héllo"}]}',
    });
    expect(res).toBeInstanceOf(LeanResponse);
    expect([res.status, res.statusText, res.ok]).toEqual([201, 'Made', true]);
    expect(res.headers.get('x-model')).toBe('m-1');
    expect(res.headers.get('X-MODEL')).toBe('m-1');
    expect(res.headers.has('content-type')).toBe(true);
    expect(await res.clone().text()).toContain('é ✓');
    expect(await res.json()).toEqual({ model: 'm-1', choices: [{ text: 'é ✓' }] });
    expect(seen).toEqual([
      {
        method: 'POST',
        type: 'application/json',
        custom: 'r1',
        body: '{"messages":[{"content":"héllo"}]}',
      },
    ]);
  });

  it('reuses one keep-alive connection for sequential calls', async () => {
    srv.handle((_req, _body, res) => res.end('{"ok":true}'));
    srv.sockets.clear();
    const f = createNodeHttpFetch();
    for (let i = 0; i < 5; i++)
      await (await f(`${srv.base}/x`, { method: 'POST', body: '{}' })).json();
    expect(srv.sockets.size).toBe(1);
  });

  it('decodes gzip bodies and reports error statuses without throwing', async () => {
    srv.handle((_req, _body, res) => {
      res.writeHead(503, { 'content-encoding': 'gzip', 'content-type': 'application/json' });
      res.end(gzipSync(Buffer.from('{"error":{"message":"overloaded"}}')));
    });
    const res = await createNodeHttpFetch()(`${srv.base}/y`, { method: 'POST', body: '{}' });
    expect(res.ok).toBe(false);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: { message: 'overloaded' } });
  });

  it('rejects with the abort reason when the signal fires before the body is complete', async () => {
    srv.handle((_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"partial":');
      // Never ends: only the abort can settle the call.
    });
    const controller = new AbortController();
    const call = createNodeHttpFetch()(`${srv.base}/slow`, {
      method: 'POST',
      body: '{}',
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error('attempt timed out')), 50);
    await expect(call).rejects.toThrow('attempt timed out');
  });

  it('rejects at once for an already aborted signal and on connection errors', async () => {
    const f = createNodeHttpFetch();
    await expect(
      f(`${srv.base}/z`, {
        method: 'POST',
        body: '{}',
        signal: AbortSignal.abort(new Error('gone')),
      }),
    ).rejects.toThrow('gone');
    await expect(f('http://127.0.0.1:9/closed', { method: 'POST', body: '{}' })).rejects.toThrow(
      /ECONNREFUSED/,
    );
  });

  it('leaves streamed calls, redirects and non-string bodies to the fallback fetch', async () => {
    const fallback = jest.fn(async () => new Response('fallback'));
    const f = createNodeHttpFetch({ fallback: fallback as unknown as typeof fetch });
    srv.handle((_req, _body, res) => {
      res.writeHead(307, { location: '/elsewhere' });
      res.end();
    });
    await f(`${srv.base}/v1/chat/completions`, { method: 'POST', body: '{"stream": true}' });
    await f(`${srv.base}/v1beta/models/g:streamGenerateContent`, { method: 'POST', body: '{}' });
    await f(`${srv.base}/v1/chat/completions`, { method: 'POST', body: new Uint8Array([1]) });
    expect(fallback).toHaveBeenCalledTimes(3);
    // A prompt that merely mentions "stream": true (escaped inside a string) stays here,
    // and the redirect answer is handed over to the fallback, which follows it.
    const res = await f(`${srv.base}/v1/chat/completions`, {
      method: 'POST',
      body: '{"messages":[{"content":"set \\"stream\\": true"}]}',
    });
    expect(fallback).toHaveBeenCalledTimes(4);
    expect(await res.text()).toBe('fallback');
  });
});
