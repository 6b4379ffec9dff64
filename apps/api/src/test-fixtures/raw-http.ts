import { connect, type Socket } from 'node:net';

/** What came back on a raw connection: the status line's code (if any) and how it ended. */
export interface RawOutcome {
  /** HTTP status of the first response, or null when none arrived. */
  status: number | null;
  /** Everything received (headers and body). */
  received: string;
  /** The server closed (FIN) or reset the connection. */
  closed: boolean;
  /** Milliseconds from connect to close (or to the deadline). */
  elapsedMs: number;
  /** A socket error seen on the way (EPIPE/ECONNRESET when the server cut a large upload). */
  error?: string;
}

/**
 * Opens a TCP connection, lets `drive` write whatever it wants (bytes, slowly, malformed),
 * and collects the answer until the server closes the connection or `deadlineMs` passes.
 * Raw sockets on purpose: an HTTP client library would refuse to send most of these requests.
 */
export async function rawExchange(
  port: number,
  drive: (socket: Socket, stopped: () => boolean) => Promise<void>,
  deadlineMs: number,
): Promise<RawOutcome> {
  const started = Date.now();
  const socket = connect({ host: '127.0.0.1', port });
  await new Promise<void>((done, fail) => {
    socket.once('connect', done);
    socket.once('error', fail);
  });
  const chunks: Buffer[] = [];
  let error: string | undefined;
  let closed = false;
  socket.on('data', (c: Buffer) => chunks.push(c));
  socket.on('error', (e: NodeJS.ErrnoException) => {
    error = e.code ?? e.message;
  });
  const ended = new Promise<void>((done) => socket.once('close', () => done()));
  void ended.then(() => {
    closed = true;
  });
  const driving = drive(socket, () => closed || socket.destroyed).catch((e: unknown) => {
    error ??= e instanceof Error ? e.message : String(e);
  });
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    ended,
    new Promise<void>((done) => {
      timer = setTimeout(done, deadlineMs);
    }),
  ]);
  clearTimeout(timer);
  const elapsedMs = Date.now() - started;
  socket.destroy();
  await driving;
  const received = Buffer.concat(chunks).toString('latin1');
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(received);
  return {
    status: m?.[1] === undefined ? null : Number(m[1]),
    received,
    closed,
    elapsedMs,
    ...(error === undefined ? {} : { error }),
  };
}

/** Writes `data` unless the socket is gone; resolves once flushed (or failed). */
export function write(socket: Socket, data: string | Buffer): Promise<void> {
  return new Promise((done) => {
    if (socket.destroyed) {
      done();
      return;
    }
    socket.write(data, () => done());
  });
}

/** Sleeps `ms`. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A complete HTTP/1.1 request (Connection: close) with a body as given. */
export function rawRequest(
  method: string,
  path: string,
  headers: Record<string, string>,
  body: Buffer | string = '',
): Buffer {
  const b = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const head =
    `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n` +
    Object.entries({ 'content-length': String(b.length), ...headers })
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('') +
    '\r\n';
  return Buffer.concat([Buffer.from(head, 'latin1'), b]);
}
