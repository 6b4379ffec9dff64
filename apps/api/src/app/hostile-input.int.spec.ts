import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isHealthy, startBuiltApi, type BuiltApi } from '../test-fixtures/built-api';
import { rawExchange, rawRequest, sleep, write, type RawOutcome } from '../test-fixtures/raw-http';

// Input no OpenAPI document describes, sent to the real bundle (`node dist/apps/api/main.js`)
// over raw sockets. Each must end in a 4xx or a closed connection, never a 5xx or a crash:
// the process must still answer /healthz after every case.
describe('hostile input against the built API', () => {
  let dir: string;
  let api: BuiltApi;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cited-hostile-'));
    api = await startBuiltApi({
      CITED_INDEX_DIR: join(dir, 'index'),
      CITED_PROGRAM_CACHE_DIR: join(dir, 'program-cache'),
      CITED_RATE_LIMIT_RPM: '1000000',
      MLFLOW_TRACKING_URI: 'http://127.0.0.1:9',
    });
  }, 90_000);

  afterEach(async () => {
    expect(await isHealthy(api)).toBe(true);
  });

  afterAll(async () => {
    await api?.stop();
    // No request may have reached the "unexpected error" path (500).
    expect(api.output.filter((l) => l.includes('unhandled error on the request path'))).toEqual([]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('applied the V8 heap setting at start-up (CITED_HEAP_GROWING_PERCENT, default 50)', () => {
    const listening = api.output
      .map((l) => {
        try {
          return JSON.parse(l) as { event?: string; v8Flags?: unknown };
        } catch {
          return {};
        }
      })
      .find((r) => r.event === 'listening');
    expect(listening?.v8Flags).toEqual(['--heap-growing-percent=50']);
  });

  function expectRefused(o: RawOutcome, statuses: number[]): void {
    if (o.status === null) {
      expect(o.closed).toBe(true);
    } else {
      expect(statuses).toContain(o.status);
    }
  }

  async function send(request: Buffer, deadlineMs = 10_000): Promise<RawOutcome> {
    return rawExchange(api.port, (s) => write(s, request), deadlineMs);
  }

  const json = { 'content-type': 'application/json' };

  it('refuses a 10 MB body announced by Content-Length with 413 (or cuts the upload)', async () => {
    const size = 10 * 1024 * 1024;
    const o = await rawExchange(
      api.port,
      async (s, stopped) => {
        await write(
          s,
          `POST /v1/answer HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
            `Content-Length: ${size}\r\n\r\n{"question":"`,
        );
        const chunk = Buffer.alloc(64 * 1024, 0x61);
        for (let sent = 0; sent < size && !stopped(); sent += chunk.length) await write(s, chunk);
      },
      20_000,
    );
    expectRefused(o, [413]);
    if (o.status !== null) expect(o.received).toContain('application/problem+json');
  });

  it('refuses a 10 MB chunked body (no Content-Length) with 413 (or cuts it)', async () => {
    const o = await rawExchange(
      api.port,
      async (s, stopped) => {
        await write(
          s,
          'POST /v1/answer HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
            'Transfer-Encoding: chunked\r\n\r\n',
        );
        const piece = Buffer.alloc(64 * 1024, 0x61);
        const frame = Buffer.concat([
          Buffer.from(`${piece.length.toString(16)}\r\n`),
          piece,
          Buffer.from('\r\n'),
        ]);
        for (let i = 0; i < 160 && !stopped(); i++) await write(s, frame);
        await write(s, '0\r\n\r\n');
      },
      20_000,
    );
    expectRefused(o, [413]);
  });

  it('answers deeply nested JSON with 400 (inside the size limit) or 413 (beyond it)', async () => {
    const arrays = `{"question":${'['.repeat(7000)}${']'.repeat(7000)}}`;
    const objects = `${'{"a":'.repeat(2500)}1${'}'.repeat(2500)}`;
    const huge = `{"question":${'['.repeat(500_000)}${']'.repeat(500_000)}}`;
    expectRefused(await send(rawRequest('POST', '/v1/answer', json, arrays)), [400]);
    expectRefused(await send(rawRequest('POST', '/v1/answer', json, objects)), [400]);
    expectRefused(await send(rawRequest('POST', '/v1/answer', json, huge)), [413]);
  });

  it('answers invalid UTF-8 with 400 (body, path and header)', async () => {
    const body = Buffer.concat([
      Buffer.from('{"question":"rent '),
      Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]),
      Buffer.from('"}'),
    ]);
    expectRefused(await send(rawRequest('POST', '/v1/answer', json, body)), [400]);
    expectRefused(await send(rawRequest('GET', '/v1/%ff%fe%c3', {})), [400, 404]);
    const rawPath = Buffer.concat([
      Buffer.from('GET /healthz'),
      Buffer.from([0xff, 0x00]),
      Buffer.from(' HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
    ]);
    expectRefused(await send(rawPath), [400, 404]);
    const rawHeader = Buffer.concat([
      Buffer.from('GET /healthz HTTP/1.1\r\nHost: x\r\nX-Bad: '),
      Buffer.from([0xc3, 0x28, 0x00, 0x7f]),
      Buffer.from('\r\nConnection: close\r\n\r\n'),
    ]);
    const o = await send(rawHeader);
    // A NUL in a header is invalid HTTP (400); any other outcome must not be an error.
    expect(o.status === null || o.status < 500).toBe(true);
  });

  it.each([
    ['text/plain', 'question=rent'],
    ['application/x-www-form-urlencoded', 'question=rent'],
    [
      'multipart/form-data; boundary=xyz',
      '--xyz\r\nContent-Disposition: form-data; name="q"\r\n\r\nrent\r\n--xyz--\r\n',
    ],
    ['application/xml', '<question>rent</question>'],
    ['application/json; charset=utf-16', '{"question":"rent"}'],
    ['image/png', '\u0089PNG'],
  ])('answers Content-Type %s with 415 (or 400)', async (type, body) => {
    const o = await send(rawRequest('POST', '/v1/answer', { 'content-type': type }, body));
    expectRefused(o, [415, 400]);
    expect(o.received).toContain('application/problem+json');
  });

  it('answers a body without Content-Type, malformed JSON and __proto__ with 4xx', async () => {
    expectRefused(
      await send(rawRequest('POST', '/v1/answer', {}, '{"question":"rent"}')),
      [400, 415],
    );
    expectRefused(await send(rawRequest('POST', '/v1/answer', json, '{"question": "rent"')), [400]);
    expectRefused(
      await send(rawRequest('POST', '/v1/answer', json, '{"question":"rent","__proto__":{"x":1}}')),
      [400],
    );
    expectRefused(
      await send(
        rawRequest(
          'POST',
          '/v1/answer',
          json,
          '{"question":"rent","constructor":{"prototype":{}}}',
        ),
      ),
      [400],
    );
  });

  it('answers oversized headers with 431 and a garbage request line with 400', async () => {
    const big = rawRequest('GET', '/healthz', { 'x-filler': 'a'.repeat(64 * 1024) });
    expectRefused(await send(big), [431, 400]);
    expectRefused(await send(Buffer.from('\u0016\u0003\u0001\u0002\u0000\u0001\r\n\r\n')), [400]);
    expectRefused(await send(Buffer.from('GET / HTTP/9.9\r\n\r\n')), [400, 505]);
  });

  it('closes slow clients: headers byte by byte, and a body dribbled after them', async () => {
    const slowHeaders = rawExchange(
      api.port,
      async (s, stopped) => {
        const head = 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ' + 'a'.repeat(200);
        for (const ch of head) {
          if (stopped()) return;
          await write(s, ch);
          await sleep(250);
        }
      },
      30_000,
    );
    const slowBody = rawExchange(
      api.port,
      async (s, stopped) => {
        await write(
          s,
          'POST /v1/answer HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
            'Content-Length: 2000\r\n\r\n{"question":"',
        );
        while (!stopped()) {
          await write(s, 'a');
          await sleep(250);
        }
      },
      40_000,
    );
    // Meanwhile, other clients are served normally.
    await sleep(1_000);
    expect(await isHealthy(api)).toBe(true);
    const [h, b] = await Promise.all([slowHeaders, slowBody]);
    // headersTimeout 10 s, requestTimeout 20 s, checked every second (create-app.ts).
    expect(h.closed).toBe(true);
    expect(h.elapsedMs).toBeLessThan(15_000);
    expectRefused(h, [408, 400]);
    expect(b.closed).toBe(true);
    expect(b.elapsedMs).toBeLessThan(25_000);
    expectRefused(b, [408, 400]);
  }, 60_000);
});
