import { createServer } from 'node:net';
import { startTestApp, type TestApp } from '../test-fixtures/test-app';
import type { Readiness, ReadinessDetails } from './health.schemas';

/** A loopback port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}

/** `/readyz` in local mode (no key configured): operators' view, with the component checks. */
async function readyz(
  t: TestApp,
): Promise<{ status: number; body: Readiness & { checks: ReadinessDetails } }> {
  const res = await fetch(`${t.base}/readyz`);
  return {
    status: res.status,
    body: (await res.json()) as Readiness & { checks: ReadinessDetails },
  };
}

describe('GET /readyz semantics', () => {
  it('with no configuration: ready, MLflow reported unreachable but not needed', async () => {
    // The default registry (MLflow at a port where nothing listens), as with no configuration.
    const mlflowPort = await closedPort();
    const t = await startTestApp(
      { MLFLOW_TRACKING_URI: `http://127.0.0.1:${mlflowPort}` },
      { registry: undefined },
    );
    try {
      const { status, body } = await readyz(t);
      expect(status).toBe(200);
      expect(body.status).toBe('ready');
      expect(body.reasons).toEqual([]);
      expect(body.checks.index).toMatchObject({
        status: 'ok',
        backend: 'embedded',
        origin: 'built',
      });
      expect(body.checks.program).toMatchObject({
        status: 'ok',
        source: 'default',
        pipeline: 'extractive',
      });
      expect(body.checks.mlflow).toMatchObject({
        status: 'unavailable',
        needed: false,
        registry: 'models:/cited-qa@production',
      });
      expect(body.checks.mlflow.lastError).toEqual(expect.any(String));
      expect(body.checks.llm).toMatchObject({ status: 'not_configured', models: [] });
      expect(body.checks.routing).toMatchObject({ status: 'ok', killSwitch: false });
    } finally {
      await t.close();
    }
  });

  it('is degraded (still 200) when answers are: the kill switch is on', async () => {
    const t = await startTestApp({ CITED_KILL_SWITCH: 'true' });
    try {
      const { status, body } = await readyz(t);
      expect(status).toBe(200);
      expect(body.status).toBe('degraded');
      expect(body.reasons).toEqual(['kill_switch']);
      expect(body.checks.mlflow).toMatchObject({ status: 'disabled', needed: false });
    } finally {
      await t.close();
    }
  });

  it('answers 503 naming Qdrant when QDRANT_URL points at no server (no credentials echoed)', async () => {
    const port = await closedPort();
    const t = await startTestApp({
      QDRANT_URL: `http://127.0.0.1:${port}`,
      QDRANT_API_KEY: 'qdrant-secret-key',
      CITED_QDRANT_COLLECTION: 'docs_v2',
      CITED_READY_PROBE_TIMEOUT_MS: '1000',
    });
    try {
      const res = await fetch(`${t.base}/readyz`);
      const text = await res.text();
      expect(res.status).toBe(503);
      const body = JSON.parse(text) as Readiness & { checks: ReadinessDetails };
      expect(body.status).toBe('not_ready');
      expect(body.checks.index).toMatchObject({
        status: 'unavailable',
        backend: 'qdrant',
        origin: 'unavailable',
        tenants: null,
        location: `http://127.0.0.1:${port}/collections/docs_v2`,
      });
      expect(body.checks.index.message).toMatch(/Qdrant unreachable.*QDRANT_URL/);
      expect(text).not.toContain('qdrant-secret-key');
      // The answer path goes to Qdrant too (not the embedded index): it cannot answer.
      const answer = await fetch(`${t.base}/v1/answer`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ question: 'security deposit' }),
      });
      expect(answer.status).toBe(503);
    } finally {
      await t.close();
    }
  });
});
