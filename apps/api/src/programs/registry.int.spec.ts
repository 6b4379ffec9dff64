import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import {
  extractiveProgramJson,
  mlflowClient,
  registerProgram,
  startOutageProxy,
  type MlflowOutageProxy,
} from '../test-fixtures/registry-fixtures';
import { postJson, startTestApp, tempDir, type TestApp } from '../test-fixtures/test-app';
import { createProgramRegistry } from './create-program-registry';
import { loadApiConfig } from '../config/api-config';

const SHARED_URI = process.env['CITED_TEST_MLFLOW_URI'];
const Q = 'How long should rental records be kept?';

jest.setTimeout(120_000);

async function until(check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

function registryEnv(uri: string, model: string): Record<string, string> {
  return {
    MLFLOW_TRACKING_URI: uri,
    CITED_MODEL_NAME: model,
    CITED_MODEL_ALIAS: 'production',
    CITED_REGISTRY_POLL_S: '0.3',
  };
}

async function start(uri: string, model: string, dir?: string): Promise<TestApp> {
  const env = registryEnv(uri, model);
  return startTestApp(env, {
    registry: createProgramRegistry(loadApiConfig(env)),
    ...(dir ? { dir } : {}),
  });
}

async function programOf(
  t: TestApp,
): Promise<{ name: string; version: string | null; source: string }> {
  const r = await postJson(`${t.base}/v1/answer`, { question: Q });
  return r.json['program'] as { name: string; version: string | null; source: string };
}

describe('program loading from the MLflow registry (shared local server)', () => {
  if (SHARED_URI === undefined)
    throw new Error('CITED_TEST_MLFLOW_URI is not set (globalSetup starts one)');
  const model = `cited-api-${randomUUID().slice(0, 8)}`;
  const client = mlflowClient(SHARED_URI);
  let t: TestApp;

  afterAll(async () => {
    await t?.close();
  });

  it('serves the version the alias points at, and hot-swaps when the alias moves', async () => {
    await registerProgram(client, model, extractiveProgramJson('reg-one'), 'production');
    t = await start(SHARED_URI, model);
    expect(await programOf(t)).toEqual({
      name: 'reg-one',
      id: expect.any(String),
      version: '1',
      source: 'registry',
    });

    const v2 = await registerProgram(client, model, extractiveProgramJson('reg-two'));
    expect((await programOf(t)).name).toBe('reg-one');
    await client.registry.setAlias(model, 'production', v2);
    await until(async () => (await programOf(t)).name === 'reg-two');
    expect(await programOf(t)).toMatchObject({ version: '2', source: 'registry' });

    const active = (await (await fetch(`${t.base}/v1/programs/active`)).json()) as {
      registry: { status: string; aliasVersion: string };
      cached: { version: string; path: string } | null;
    };
    expect(active.registry).toMatchObject({ status: 'ok', aliasVersion: '2' });
    expect(active.cached?.version).toBe('2');
    const metrics = await (await fetch(`${t.base}/metrics`)).text();
    expect(metrics).toMatch(/cited_program_reloads_total\{source="registry",result="loaded"\} 2/);
  });

  it('refuses an invalid artifact and keeps serving the previous program', async () => {
    const broken = JSON.stringify({
      ...JSON.parse(extractiveProgramJson('reg-broken')),
      schemaVersion: 99,
    });
    const v3 = await registerProgram(client, model, broken, 'production');
    await until(async () => {
      const a = (await (await fetch(`${t.base}/v1/programs/active`)).json()) as {
        refused: { version: string }[];
      };
      return a.refused.some((r) => r.version === v3);
    });
    const active = (await (await fetch(`${t.base}/v1/programs/active`)).json()) as {
      refused: { version: string; reason: string; source: string }[];
      primary: { source: string };
    };
    expect(active.refused[0]).toMatchObject({ version: v3, source: 'registry' });
    expect(active.refused[0]?.reason).toMatch(/schemaVersion|version/i);
    expect(await programOf(t)).toMatchObject({ name: 'reg-two', version: '2' });
    const ready = (await (await fetch(`${t.base}/readyz`)).json()) as {
      status: string;
      checks: { program: { status: string } };
    };
    expect(ready.checks.program.status).toBe('degraded');
    expect(t.logs.records().some((r) => r['event'] === 'program_refused')).toBe(true);
  });
});

describe('MLflow outages (the API reaches MLflow through a proxy that the test cuts)', () => {
  if (SHARED_URI === undefined)
    throw new Error('CITED_TEST_MLFLOW_URI is not set (globalSetup starts one)');
  const dir = tempDir();
  const model = `cited-outage-${randomUUID().slice(0, 8)}`;
  let proxy: MlflowOutageProxy | undefined;

  afterAll(async () => {
    await proxy?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps serving while MLflow is down, reports it, and restarts from the disk cache', async () => {
    proxy = await startOutageProxy(SHARED_URI);
    await registerProgram(
      mlflowClient(SHARED_URI),
      model,
      extractiveProgramJson('outage-one'),
      'production',
    );
    const first = await start(proxy.uri, model, dir);
    try {
      expect(await programOf(first)).toMatchObject({
        name: 'outage-one',
        source: 'registry',
        version: '1',
      });
      await proxy.cut();
      await until(async () => {
        const r = (await (await fetch(`${first.base}/readyz`)).json()) as {
          checks: { mlflow: { status: string } };
        };
        return r.checks.mlflow.status === 'unavailable';
      });
      const ready = await fetch(`${first.base}/readyz`);
      expect(ready.status).toBe(200);
      // The serving program came from the registry: an outage leaves it stale, hence degraded.
      expect(await ready.json()).toMatchObject({
        status: 'degraded',
        reasons: ['registry_unreachable'],
        checks: { mlflow: { status: 'unavailable', needed: true } },
      });
      const r = await postJson(`${first.base}/v1/answer`, { question: Q });
      expect(r.status).toBe(200);
      expect(r.json['program']).toMatchObject({ name: 'outage-one', version: '1' });
    } finally {
      await first.app.close();
    }

    // A restart while MLflow is still unreachable serves the last validated program from disk.
    const second = await start(proxy.uri, model, dir);
    try {
      expect(await programOf(second)).toMatchObject({
        name: 'outage-one',
        source: 'cache',
        version: '1',
      });
      const active = (await (await fetch(`${second.base}/v1/programs/active`)).json()) as {
        registry: { status: string };
      };
      expect(active.registry.status).toBe('unreachable');
    } finally {
      await second.app.close();
    }
  });
});
