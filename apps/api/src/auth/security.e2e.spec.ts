import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { EmbeddedIndex, chunkDocuments } from '@cited/dspy-pipeline';
import {
  PROBLEM_TYPE,
  accessLog,
  answerProblem as problem,
} from '../test-fixtures/http-expectations';
import { postJson, startTestApp, tempDir, type TestApp } from '../test-fixtures/test-app';
import { AccessGuard } from './access.guard';

const sha = (k: string): string => createHash('sha256').update(k).digest('hex');
const KEY_A = 'cited_test-key-for-tenant-a';
const KEY_B = 'cited_test-key-for-tenant-b';
const KEY_OLD_A = 'cited_old-key-for-tenant-a';
const ADMIN_KEY = 'cited_guard-spec-admin-key';
const OTHER_KEY = 'cited_guard-spec-other-key';

/** An index with two tenants whose documents answer different questions. */
async function twoTenantIndex(dir: string): Promise<void> {
  const a = await chunkDocuments(
    [
      {
        id: 'falcon-lease',
        title: 'Falcon Street lease',
        text: 'The Falcon Street pet deposit is 450 dollars and is refundable after inspection.',
        metadata: {},
      },
    ],
    { tenantId: 'tenant-a' },
  );
  const b = await chunkDocuments(
    [
      {
        id: 'harbor-rules',
        title: 'Harbor Court house rules',
        text: 'Harbor Court quiet hours start at ten in the evening every day of the week.',
        metadata: {},
      },
    ],
    { tenantId: 'tenant-b' },
  );
  const index = await EmbeddedIndex.build([...a, ...b]);
  await index.save(join(dir, 'index'));
}

describe('API keys, tenants and rate limits', () => {
  let t: TestApp;

  beforeAll(async () => {
    const dir = tempDir();
    await twoTenantIndex(dir);
    t = await startTestApp(
      {
        // Rotation: tenant-a has an old and a new key listed at the same time.
        CITED_API_KEYS: `${sha(KEY_A)}:tenant-a,${sha(KEY_OLD_A)}:tenant-a,${sha(KEY_B)}:tenant-b`,
        CITED_RATE_LIMIT_RPM: '60',
        CITED_RATE_LIMIT_BURST: '8',
      },
      { dir },
    );
  });

  afterAll(async () => {
    await t.close();
  });

  it('401 without a key or with a wrong key; health and metrics stay open', async () => {
    const none = await postJson(`${t.base}/v1/answer`, { question: 'pet deposit' });
    expect(none.status).toBe(401);
    expect(none.json).toMatchObject({ code: 'unauthorized', status: 401 });
    const wrong = await postJson(
      `${t.base}/v1/answer`,
      { question: 'pet deposit' },
      { authorization: 'Bearer nope' },
    );
    expect(wrong.status).toBe(401);
    expect((await fetch(`${t.base}/v1/programs/active`)).status).toBe(401);
    expect((await fetch(`${t.base}/healthz`)).status).toBe(200);
    expect((await fetch(`${t.base}/readyz`)).status).toBe(200);
    expect((await fetch(`${t.base}/metrics`)).status).toBe(200);
  });

  it('maps Bearer and X-API-Key keys (old and new during a rotation) to their tenant', async () => {
    const variants: Record<string, string>[] = [
      { authorization: `Bearer ${KEY_A}` },
      { 'x-api-key': KEY_OLD_A },
    ];
    for (const headers of variants) {
      const r = await postJson(
        `${t.base}/v1/answer`,
        { question: 'How much is the pet deposit on Falcon Street?' },
        headers,
      );
      expect(r.status).toBe(200);
      const citations = r.json['citations'] as { documentId: string }[];
      expect(citations.map((c) => c.documentId)).toContain('falcon-lease');
    }
  });

  it('never shows tenant A documents to tenant B (and the reverse), through HTTP', async () => {
    const bAsksA = await postJson(
      `${t.base}/v1/answer`,
      { question: 'How much is the pet deposit on Falcon Street?' },
      { 'x-api-key': KEY_B },
    );
    expect(bAsksA.status).toBe(200);
    const bCites = (bAsksA.json['citations'] as { documentId: string }[]).map((c) => c.documentId);
    expect(bCites).not.toContain('falcon-lease');
    // Timings and the request id are minted per request and carry no document text, but their
    // random digits can spell "450" (e.g. totalMs 0.34606300000450574).
    const bContent = JSON.stringify(bAsksA.json, (key, value: unknown) =>
      key === 'timings' || key === 'requestId' ? undefined : value,
    );
    expect(bContent).toContain('"answer"');
    expect(bContent).not.toMatch(/450|Falcon/);

    const aAsksB = await postJson(
      `${t.base}/v1/answer`,
      { question: 'When do quiet hours start at Harbor Court?' },
      { 'x-api-key': KEY_A },
    );
    expect(aAsksB.status).toBe(200);
    expect(JSON.stringify(aAsksB.json)).not.toMatch(/harbor-rules|ten in the evening/);

    const bOwn = await postJson(
      `${t.base}/v1/answer`,
      { question: 'When do quiet hours start at Harbor Court?' },
      { 'x-api-key': KEY_B },
    );
    expect((bOwn.json['citations'] as { documentId: string }[]).map((c) => c.documentId)).toContain(
      'harbor-rules',
    );
  });

  it('403 when the body names another tenant than the key', async () => {
    const r = await postJson(
      `${t.base}/v1/answer`,
      { question: 'pet deposit', tenantId: 'tenant-b' },
      { 'x-api-key': KEY_A },
    );
    expect(r.status).toBe(403);
    expect(r.json).toMatchObject({ code: 'forbidden', field: 'tenantId' });
  });

  it('429 with Retry-After once a tenant exhausts its bucket; other tenants unaffected', async () => {
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof postJson>> | undefined;
    for (let i = 0; i < 15; i++) {
      const r = await postJson(
        `${t.base}/v1/answer`,
        { question: 'quiet hours' },
        { 'x-api-key': KEY_B },
      );
      statuses.push(r.status);
      if (r.status === 429) limited ??= r;
    }
    expect(statuses).toContain(429);
    expect(limited?.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expect(limited?.json).toMatchObject({ code: 'rate_limited', status: 429 });
    expect(Number(limited?.json['retryAfterSeconds'])).toBeGreaterThan(0);
    const other = await postJson(
      `${t.base}/v1/answer`,
      { question: 'pet deposit' },
      { 'x-api-key': KEY_A },
    );
    expect(other.status).toBe(200);
    const metrics = await (await fetch(`${t.base}/metrics`)).text();
    expect(metrics).toMatch(/cited_rate_limited_total [1-9]/);
  });

  it('operator endpoints need a key of an admin tenant', async () => {
    const r = await postJson(`${t.base}/v1/programs/rollback/reset`, {}, { 'x-api-key': KEY_A });
    expect(r.status).toBe(403);
  });
});

describe('POST /v1/answer through AccessGuard, with API keys and a small rate limit', () => {
  let t: TestApp;
  let guard: jest.SpyInstance;

  beforeAll(async () => {
    guard = jest.spyOn(AccessGuard.prototype, 'canActivate');
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

  it('401 and 403 problems from the guard, with the access log line', async () => {
    guard.mockClear();
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
    expect(guard).toHaveBeenCalled();
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
  });

  it('shares the tenant bucket with the other routes; 429 with Retry-After', async () => {
    const auth = { authorization: `Bearer ${ADMIN_KEY}` };
    const first = await postJson(`${t.base}/v1/answer`, { question: 'security deposit' }, auth);
    expect(first.status).toBe(200);
    expect(first.headers.get('x-ratelimit-remaining')).toBe('1');
    // Another route takes the second token of the same bucket.
    const reset = await postJson(`${t.base}/v1/programs/rollback/reset`, {}, auth);
    expect(reset.status).toBe(200);
    expect(reset.headers.get('x-ratelimit-remaining')).toBe('0');
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
