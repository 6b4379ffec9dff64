import { ShutdownState } from '../app/shutdown-state';
import type { ApiErrorCode } from '../errors/api-error';
import {
  PROBLEM_TYPE,
  accessLog,
  answerProblem as problem,
} from '../test-fixtures/http-expectations';
import { rawExchange, sleep, write } from '../test-fixtures/raw-http';
import { postJson, startTestApp, type TestApp } from '../test-fixtures/test-app';
import { AnswerService } from './answer.service';

// The real HTTP stack: what a client sees of the answer route, byte for byte where it matters
// (problem bodies of body-parser, validation and unexpected errors), the access log line it
// leaves, the abort of its pipeline and its `connection: close` while shutting down.
describe('POST /v1/answer over HTTP, local mode', () => {
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
      .spyOn(t.app.get(AnswerService), 'answer')
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
    const spy = jest.spyOn(t.app.get(AnswerService), 'answer').mockImplementationOnce(
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
    const shutdown = t.app.get(ShutdownState);
    shutdown.closing = true;
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
      shutdown.closing = false;
    }
  });
});
