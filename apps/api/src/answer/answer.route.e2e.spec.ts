import { createHash } from 'node:crypto';
import { AccessGuard } from '../auth/access.guard';
import { API_ERROR_TITLE, type ApiErrorCode } from '../errors/api-error';
import { rawExchange, sleep, write } from '../fuzz/raw-http';
import { postJson, startTestApp, type TestApp } from '../test-fixtures/test-app';

const sha = (k: string): string => createHash('sha256').update(k).digest('hex');
const ADMIN_KEY = 'cited_route-spec-admin-key';
const OTHER_KEY = 'cited_route-spec-other-key';
/** Content type of error responses (Fastify adds the charset to string payloads). */
const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';

/** The access log line of `requestId`. */
function accessLog(t: TestApp, requestId: string): Record<string, unknown> | undefined {
  return t.logs.records().find((r) => r['event'] === 'request' && r['requestId'] === requestId);
}

/** The problem+json body every error of the route answers with (as ProblemDetailsFilter did). */
function problem(
  code: ApiErrorCode,
  status: number,
  detail: string,
  requestId: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const type = `urn:cited:problem:${code}`;
  const title = API_ERROR_TITLE[code];
  return { type, title, status, detail, instance: '/v1/answer', code, requestId, ...extra };
}

// POST /v1/answer is a plain Fastify route (answer.route.ts): these pin what the Nest guard,
// controller and exception filter used to do, byte for byte where it matters.
describe('POST /v1/answer outside Nest, with API keys and a small rate limit', () => {
  let t: TestApp;
  // AnswerController is not spied on: a spy would drop the route metadata Nest maps it from.
  // Were its placeholder ever called, the request would fail with 500.
  const guard = jest.spyOn(AccessGuard.prototype, 'canActivate');

  beforeAll(async () => {
    t = await startTestApp({
      CITED_API_KEYS: `${sha(ADMIN_KEY)}:default,${sha(OTHER_KEY)}:tenant-b`,
      CITED_ADMIN_TENANTS: 'default',
      // 1 token per 10 s, 2 at once: the third request within a second is refused for 10 s.
      CITED_RATE_LIMIT_RPM: '6',
      CITED_RATE_LIMIT_BURST: '2',
    });
  });

  afterAll(async () => {
    guard.mockRestore();
    await t.close();
  });

  it("401 and 403 problems, without Nest's guard on the way", async () => {
    const none = await postJson(
      `${t.base}/v1/answer`,
      { question: 'rent' },
      { 'x-request-id': 'r-401' },
    );
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toBe(PROBLEM_TYPE);
    expect(none.json).toEqual(
      problem(
        'unauthorized',
        401,
        'An API key is required: send "Authorization: Bearer <key>" or "X-API-Key: <key>".',
        'r-401',
      ),
    );
    const other = await postJson(
      `${t.base}/v1/answer`,
      { question: 'rent', tenantId: 'default' },
      { 'x-api-key': OTHER_KEY, 'x-request-id': 'r-403' },
    );
    expect(other.status).toBe(403);
    expect(other.json).toEqual(
      problem('forbidden', 403, 'tenantId does not match the tenant of the API key.', 'r-403', {
        field: 'tenantId',
      }),
    );
    expect(accessLog(t, 'r-403')).toMatchObject({
      status: 403,
      errorCode: 'forbidden',
      route: '/v1/answer',
    });
    expect(guard).not.toHaveBeenCalled();
  });

  it('shares the tenant bucket with Nest routes; 429 with Retry-After', async () => {
    const auth = { authorization: `Bearer ${ADMIN_KEY}` };
    const first = await postJson(`${t.base}/v1/answer`, { question: 'security deposit' }, auth);
    expect(first.status).toBe(200);
    expect(first.headers.get('x-ratelimit-remaining')).toBe('1');
    // A Nest route (through AccessGuard) takes the second token of the same bucket.
    const nest = await postJson(`${t.base}/v1/programs/rollback/reset`, {}, auth);
    expect(nest.status).toBe(200);
    expect(nest.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(guard).toHaveBeenCalled();
    const limited = await postJson(
      `${t.base}/v1/answer`,
      { question: 'security deposit' },
      { ...auth, 'x-request-id': 'r-429' },
    );
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('10');
    expect(limited.headers.get('x-request-id')).toBe('r-429');
    expect(limited.headers.get('content-type')).toBe(PROBLEM_TYPE);
    expect(limited.json).toEqual(
      problem(
        'rate_limited',
        429,
        'Rate limit of this tenant exceeded; retry after 10 s.',
        'r-429',
        { retryAfterSeconds: 10 },
      ),
    );
    expect(accessLog(t, 'r-429')).toMatchObject({
      status: 429,
      errorCode: 'rate_limited',
      tenantId: 'default',
      route: '/v1/answer',
    });
    const metrics = await (await fetch(`${t.base}/metrics`)).text();
    expect(metrics).toMatch(/^cited_rate_limited_total 1$/m);
    expect(metrics).toContain(
      'cited_http_request_duration_seconds_count{method="POST",route="/v1/answer",status="429"} 1',
    );
  });
});

describe('POST /v1/answer outside Nest, local mode', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({});
  });

  afterAll(async () => {
    await t.close();
  });

  it('answers, filling the request state of the access log', async () => {
    const r = await postJson(
      `${t.base}/v1/answer`,
      { question: 'security deposit' },
      { 'x-request-id': 'r-ok' },
    );
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(r.json['requestId']).toBe('r-ok');
    expect(accessLog(t, 'r-ok')).toMatchObject({
      status: 200,
      route: '/v1/answer',
      tenantId: 'default',
      pipeline: 'extractive',
      wantedPipeline: 'extractive',
      degraded: false,
      verdict: expect.any(String),
      programId: expect.any(String),
    });
  });

  const field = { field: 'body' };
  it.each<[string, string | Buffer, number, ApiErrorCode, string, Record<string, unknown>]>([
    ['text/plain', 'q', 415, 'unsupported_media_type', 'Send the body as application/json.', {}],
    [
      'application/json; charset=utf-16',
      '{"question":"rent"}',
      415,
      'unsupported_media_type',
      'JSON bodies must be UTF-8 (charset=utf-8).',
      {},
    ],
    [
      'application/json',
      '{"q":',
      400,
      'invalid_json',
      'The request body is not valid JSON.',
      field,
    ],
    [
      'application/json',
      Buffer.from([0x7b, 0xff, 0x7d]),
      400,
      'invalid_json',
      'The request body is not valid UTF-8.',
      field,
    ],
    [
      'application/json',
      `{"question":"${'a'.repeat(17_000)}"}`,
      413,
      'payload_too_large',
      'The request body exceeds the limit of 16384 bytes.',
      {},
    ],
    [
      'application/json',
      '{"question":"x","y":1}',
      400,
      'invalid_request',
      'body: Unrecognized key: "y".',
      field,
    ],
  ])('%s body %#: problem+json as before', async (type, body, status, code, detail, extra) => {
    const requestId = `r-body-${status}-${code}-${type.length}`;
    const res = await fetch(`${t.base}/v1/answer`, {
      method: 'POST',
      headers: { 'content-type': type, 'x-request-id': requestId },
      body,
    });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe(PROBLEM_TYPE);
    expect(await res.json()).toEqual(problem(code, status, detail, requestId, extra));
    expect(accessLog(t, requestId)).toMatchObject({ status, errorCode: code, route: '/v1/answer' });
  });

  it('500 without details for an unexpected error, logged with its request id', async () => {
    const spy = jest
      .spyOn(t.runtime.answers, 'answer')
      .mockRejectedValueOnce(new TypeError('internal detail'));
    const r = await postJson(
      `${t.base}/v1/answer`,
      { question: 'rent' },
      { 'x-request-id': 'r-500' },
    );
    spy.mockRestore();
    expect(r.status).toBe(500);
    expect(r.json).toEqual(problem('internal', 500, 'The request could not be answered.', 'r-500'));
    const logged = t.logs.records().find((l) => l['msg'] === 'unhandled error on the request path');
    expect(logged).toMatchObject({ level: 'error', requestId: 'r-500' });
    expect(accessLog(t, 'r-500')).toMatchObject({ status: 500, errorCode: 'internal' });
  });

  it('aborts the pipeline when the client goes away', async () => {
    let aborted: () => void = () => undefined;
    const abortSeen = new Promise<void>((resolve) => (aborted = resolve));
    const spy = jest.spyOn(t.runtime.answers, 'answer').mockImplementationOnce(
      (_body, _id, _state, abort) =>
        new Promise((_resolve, reject) =>
          abort.signal.addEventListener('abort', () => {
            aborted();
            reject(new DOMException('aborted', 'AbortError'));
          }),
        ),
    );
    // A raw socket that goes away mid-request (fetch's pool would keep a spare connection open).
    const body = '{"question":"rent"}';
    const o = await rawExchange(
      Number(new URL(t.base).port),
      async (s) => {
        await write(
          s,
          'POST /v1/answer HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
            `Content-Length: ${body.length}\r\n\r\n${body}`,
        );
        await sleep(200);
        s.destroy();
      },
      10_000,
    );
    expect(o.status).toBeNull();
    await abortSeen;
    spy.mockRestore();
  });

  it('asks clients to close the connection while shutting down', async () => {
    t.runtime.shuttingDown = true;
    try {
      // A raw keep-alive request: only the app's onSend hook can add `connection: close`.
      const body = '{"question":"security deposit"}';
      const o = await rawExchange(
        Number(new URL(t.base).port),
        (s) =>
          write(
            s,
            'POST /v1/answer HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n' +
              `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
          ),
        10_000,
      );
      expect(o.status).toBe(200);
      expect(o.received).toMatch(/\r\nconnection: close\r\n/i);
      expect(o.closed).toBe(true);
    } finally {
      t.runtime.shuttingDown = false;
    }
  });
});
