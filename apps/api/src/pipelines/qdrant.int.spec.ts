import { createHash } from 'node:crypto';
import { QdrantRetriever, chunkDocuments, loadBundledCorpus } from '@cited/dspy-pipeline';
import { QdrantClient } from '@qdrant/js-client-rest';
import type { Readiness, ReadinessDetails } from '../health/health.schemas';
import { postJson, startTestApp, type TestApp } from '../test-fixtures/test-app';

const sha = (k: string): string => createHash('sha256').update(k).digest('hex');
const KEY_DEFAULT = 'cited_test-qdrant-key-default';
const KEY_ACME = 'cited_test-qdrant-key-acme';

// Runs only against a real server: QDRANT_URL=http://127.0.0.1:6333 npx jest … qdrant.int
// (no Qdrant server can be installed on the CI machine; this suite is reported as skipped).
(process.env['QDRANT_URL'] ? describe : describe.skip)(
  'API answers through Qdrant (QDRANT_URL)',
  () => {
    const url = process.env['QDRANT_URL'] ?? '';
    const apiKey = process.env['QDRANT_API_KEY'];
    const collection = `cited_api_test_${Date.now()}`;
    const client = new QdrantClient({
      url,
      checkCompatibility: false,
      ...(apiKey ? { apiKey } : {}),
    });
    let t: TestApp;

    beforeAll(async () => {
      const { chunks } = await loadBundledCorpus();
      const acme = await chunkDocuments(
        [
          {
            id: 'acme-fees',
            title: 'Acme fees',
            text: 'The Zorblax cleaning fee at Acme properties is 77 dollars per stay.',
            metadata: {},
          },
        ],
        { tenantId: 'acme' },
      );
      const ingest = new QdrantRetriever({
        url,
        collection,
        batchSize: 32,
        ...(apiKey ? { apiKey } : {}),
      });
      await ingest.upsert([...chunks, ...acme]);
      t = await startTestApp({
        QDRANT_URL: url,
        ...(apiKey ? { QDRANT_API_KEY: apiKey } : {}),
        CITED_QDRANT_COLLECTION: collection,
        CITED_API_KEYS: `${sha(KEY_DEFAULT)}:default,${sha(KEY_ACME)}:acme`,
        CITED_ADMIN_TENANTS: 'default',
      });
    }, 120_000);

    afterAll(async () => {
      await t?.close();
      await client.deleteCollection(collection).catch(() => undefined);
    });

    it('reports the Qdrant collection as the index in /readyz (to an admin key)', async () => {
      const res = await fetch(`${t.base}/readyz`, { headers: { 'x-api-key': KEY_DEFAULT } });
      expect(res.status).toBe(200);
      const body = (await res.json()) as Readiness & { checks: ReadinessDetails };
      expect(body.checks.index).toMatchObject({
        status: 'ok',
        backend: 'qdrant',
        origin: 'remote',
        location: expect.stringContaining(`/collections/${collection}`),
      });
      expect(body.checks.index.chunks).toBeGreaterThan(0);
    });

    it('answers from Qdrant with citations of the caller tenant only', async () => {
      const mine = await postJson(
        `${t.base}/v1/answer`,
        { question: 'How long does a landlord have to return a security deposit?' },
        { 'x-api-key': KEY_DEFAULT },
      );
      expect(mine.status).toBe(200);
      const cited = (mine.json['citations'] as { documentId: string }[]).map((c) => c.documentId);
      expect(cited.some((d) => /security-deposit/.test(d))).toBe(true);

      const leak = await postJson(
        `${t.base}/v1/answer`,
        { question: 'What is the Zorblax cleaning fee at Acme?' },
        { 'x-api-key': KEY_DEFAULT },
      );
      expect(leak.status).toBe(200);
      expect(JSON.stringify(leak.json)).not.toMatch(/acme-fees|77 dollars/);

      const acme = await postJson(
        `${t.base}/v1/answer`,
        { question: 'What is the Zorblax cleaning fee at Acme?' },
        { 'x-api-key': KEY_ACME },
      );
      expect(acme.status).toBe(200);
      expect((acme.json['citations'] as { documentId: string }[]).map((c) => c.documentId)).toEqual(
        ['acme-fees'],
      );
      expect(acme.json['answer']).toMatch(/77 dollars/);
    });
  },
);
