import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { EmbeddedIndex, chunkDocuments } from '@cited/dspy-pipeline';
import { postJson, startTestApp, tempDir, type TestApp } from '../test-fixtures/test-app';

const sha = (k: string): string => createHash('sha256').update(k).digest('hex');
const KEY_A = 'cited_test-key-for-tenant-a';
const KEY_B = 'cited_test-key-for-tenant-b';
const KEY_OLD_A = 'cited_old-key-for-tenant-a';

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
