import { once } from 'node:events';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { ClientAbort } from './client-abort';

/** A real HTTP server whose handler gets each response; closed after each test. */
let server: Server;
let responses: ServerResponse[];
let arrived: () => void;
let next: Promise<void>;

beforeEach(async () => {
  responses = [];
  next = new Promise((resolve) => (arrived = resolve));
  server = createServer((_req, res) => {
    responses.push(res);
    arrived();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
});

afterEach(async () => {
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
});

/** Sends a GET on a raw socket and waits until the server holds its response. */
async function openRequest() {
  const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
  socket.on('error', () => undefined);
  socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
  await next;
  const res = responses[0];
  if (res === undefined) throw new Error('no response reached the server');
  return { socket, res };
}

describe('ClientAbort', () => {
  it('makes no signal and listens to nothing until the signal is asked for', async () => {
    const { res } = await openRequest();
    const before = res.listenerCount('close');
    const abort = new ClientAbort(res);
    expect(abort.aborted).toBe(false);
    expect(res.listenerCount('close')).toBe(before);
    expect(abort.signal.aborted).toBe(false);
    expect(res.listenerCount('close')).toBe(before + 1);
    // The same signal every time.
    expect(abort.signal).toBe(abort.signal);
  });

  it('aborts when the client goes away before the response is finished', async () => {
    const { socket, res } = await openRequest();
    const abort = new ClientAbort(res);
    const signal = abort.signal;
    const fired = once(signal, 'abort');
    socket.destroy();
    await fired;
    expect(signal.aborted).toBe(true);
    expect(abort.aborted).toBe(true);
  });

  it('returns an aborted signal when first asked after the client went away', async () => {
    const { socket, res } = await openRequest();
    const abort = new ClientAbort(res);
    socket.destroy();
    await once(res, 'close');
    expect(abort.aborted).toBe(false);
    expect(abort.signal.aborted).toBe(true);
    expect(abort.aborted).toBe(true);
  });

  it('never aborts a response that finished', async () => {
    const { socket, res } = await openRequest();
    const abort = new ClientAbort(res);
    const signal = abort.signal;
    res.end('done');
    await once(res, 'close');
    socket.destroy();
    expect(signal.aborted).toBe(false);
    // Asked for only after the finish: not aborted either.
    const late = new ClientAbort(res);
    expect(late.signal.aborted).toBe(false);
  });
});
