import { createServer, type Server, type Socket } from 'node:net';
import { mlflowConfigSchema } from '../config/mlflow-config';
import { HttpTransport, type TransportEvent } from './http-transport';

const OK =
  'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 11\r\n\r\n{"ok":true}';

/**
 * A real TCP server speaking just enough HTTP/1.1: it answers the first request on a
 * connection and keeps it open, but drops the connection WITHOUT answering when a second
 * request arrives on it — what a server does that closed an idle keep-alive socket while the
 * client was writing into it. Requests on new connections are answered.
 */
async function keepAliveDroppingServer(): Promise<{
  server: Server;
  port: number;
  seen: number[];
}> {
  const seen: number[] = [];
  const server = createServer((socket: Socket) => {
    let served = 0;
    let buffered = '';
    socket.on('data', (chunk) => {
      buffered += chunk.toString('latin1');
      while (buffered.includes('\r\n\r\n')) {
        const head = buffered.slice(0, buffered.indexOf('\r\n\r\n') + 4);
        const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
        if (buffered.length < head.length + length) return;
        buffered = buffered.slice(head.length + length);
        seen.push(served);
        if (served++ === 0) socket.write(OK);
        else socket.destroy();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { server, port: address.port, seen };
}

function transport(port: number, maxRetries: number, events: TransportEvent[]): HttpTransport {
  const config = mlflowConfigSchema.parse({
    trackingUri: `http://127.0.0.1:${port}`,
    maxRetries,
    // A backoff this long would show in the elapsed time.
    backoffFactorMs: 5_000,
    requestTimeoutMs: 5_000,
  });
  return new HttpTransport(config, { onRequest: (e) => events.push(e) });
}

describe('HttpTransport keep-alive handling', () => {
  let srv: Awaited<ReturnType<typeof keepAliveDroppingServer>>;
  beforeEach(async () => (srv = await keepAliveDroppingServer()));
  afterEach(async () => new Promise((r) => srv.server.close(r)));

  it('re-sends at once on a fresh socket when a reused keep-alive socket was closed', async () => {
    const events: TransportEvent[] = [];
    // maxRetries 0: the resend must not need (or use up) a retry.
    const t = transport(srv.port, 0, events);
    await t.json({ method: 'POST', path: '/api/2.0/mlflow/experiments/create', json: { a: 1 } });
    const started = Date.now();
    const body = await t.json({ method: 'POST', path: '/api/2.0/mlflow/runs/create', json: {} });
    const elapsed = Date.now() - started;
    t.close();
    expect(body).toEqual({ ok: true });
    expect(elapsed).toBeLessThan(2_000);
    expect(events.map((e) => [e.status, e.reusedSocket, e.error !== undefined])).toEqual([
      [200, false, false],
      [undefined, true, true],
      [200, false, false],
    ]);
    // The dropped request reached the server's socket but was never answered or processed.
    expect(srv.seen).toEqual([0, 1, 0]);
  });

  it('does not treat a failure on a NEW socket as stale: it is a counted, backed-off retry', async () => {
    const events: TransportEvent[] = [];
    const t = transport(srv.port, 0, events);
    // Close every connection before answering anything: a new socket fails.
    srv.server.removeAllListeners('connection');
    srv.server.on('connection', (s: Socket) => s.on('data', () => s.destroy()));
    await expect(
      t.json({ method: 'GET', path: '/api/2.0/mlflow/experiments/get' }),
    ).rejects.toMatchObject({ code: 'network_error' });
    t.close();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ reusedSocket: false, status: undefined });
  });
});
