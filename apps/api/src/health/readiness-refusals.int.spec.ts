import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROGRAM_ARTIFACT_DIR, PROGRAM_ARTIFACT_PATH } from '@cited/dspy-pipeline';
import { fromKeyValues } from '@cited/mlflow-client';
import { loadApiConfig } from '../config/api-config';
import { createProgramRegistry } from '../programs/create-program-registry';
import {
  extractiveProgramJson,
  mlflowClient,
  registerProgram,
} from '../test-fixtures/registry-fixtures';
import { postJson, startTestApp, tempDir, type TestApp } from '../test-fixtures/test-app';
import type { Readiness } from './health.schemas';

const SHARED_URI = process.env['CITED_TEST_MLFLOW_URI'];

jest.setTimeout(120_000);

/**
 * Only `Date` is faked, and it does not move: every timestamp the app takes is the same
 * millisecond. Timers, promises and I/O run for real. Whether a refusal counts must not depend
 * on the clock.
 */
function freezeDate(): void {
  jest.useFakeTimers({
    now: new Date('2026-12-01T10:00:00.000Z'),
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'requestAnimationFrame',
      'cancelAnimationFrame',
      'requestIdleCallback',
      'cancelIdleCallback',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
}

async function readyz(t: TestApp): Promise<Readiness> {
  return (await (await fetch(`${t.base}/readyz`)).json()) as Readiness;
}

const broken = (name: string) =>
  JSON.stringify({ ...JSON.parse(extractiveProgramJson(name)), schemaVersion: 99 });

describe('/readyz reports a refused program whatever the clock says', () => {
  afterEach(() => jest.useRealTimers());

  it('refused at start-up (CITED_PROGRAM_PATH): degraded, program_refused, every time', async () => {
    freezeDate();
    const dir = tempDir();
    const path = join(dir, 'broken.program.json');
    writeFileSync(path, broken('start-broken'));
    for (let i = 0; i < 5; i++) {
      const t = await startTestApp({ CITED_PROGRAM_PATH: path }, { dir, keepDir: true });
      try {
        const r = await readyz(t);
        expect({ round: i, status: r.status, reasons: r.reasons }).toEqual({
          round: i,
          status: 'degraded',
          reasons: ['program_refused'],
        });
      } finally {
        await t.close();
      }
    }
  });

  it('refused on a registry poll: degraded until the alias points at a program that loads, every time', async () => {
    if (SHARED_URI === undefined)
      throw new Error('CITED_TEST_MLFLOW_URI is not set (globalSetup starts one)');
    freezeDate();
    const model = `cited-ready-${randomUUID().slice(0, 8)}`;
    const client = mlflowClient(SHARED_URI);
    const good1 = await registerProgram(
      client,
      model,
      extractiveProgramJson('poll-one'),
      'production',
    );
    const good2 = await registerProgram(client, model, extractiveProgramJson('poll-two'));
    const bad = await registerProgram(client, model, broken('poll-broken'));
    const env = {
      MLFLOW_TRACKING_URI: SHARED_URI,
      CITED_MODEL_NAME: model,
      CITED_REGISTRY_POLL_S: '3600',
    };
    const t = await startTestApp(env, { registry: createProgramRegistry(loadApiConfig(env)) });
    try {
      expect(await readyz(t)).toMatchObject({ status: 'ready', reasons: [] });
      let serving = good1;
      for (let i = 0; i < 6; i++) {
        await client.registry.setAlias(model, 'production', bad);
        await postJson(`${t.base}/v1/programs/reload`, {});
        expect({ round: i, ...(await readyz(t)) }).toMatchObject({
          round: i,
          status: 'degraded',
          reasons: ['program_refused'],
        });
        // Even rounds: back to the version that serves (nothing to load, and the refused
        // version is not downloaded again next time); odd rounds: on to the other good one.
        const next = i % 2 === 0 ? serving : serving === good1 ? good2 : good1;
        await client.registry.setAlias(model, 'production', next);
        await postJson(`${t.base}/v1/programs/reload`, {});
        expect({ round: i, ...(await readyz(t)) }).toMatchObject({
          round: i,
          status: 'ready',
          reasons: [],
        });
        serving = next;
      }
      // The API tags what it serves, for promote and rollback to show.
      const servedAt = async () =>
        fromKeyValues((await client.registry.getVersion(model, good1)).tags)['cited.served_at'];
      for (let i = 0; i < 50 && (await servedAt()) === undefined; i++)
        await new Promise((r) => setTimeout(r, 100));
      expect(await servedAt()).toBe('2026-12-01T10:00:00.000Z');
    } finally {
      await t.close();
      client.close();
    }
  });

  it('an alias on a version with no program.json is a refused program, not an unreachable registry; a literal runs:/ source serves', async () => {
    if (SHARED_URI === undefined)
      throw new Error('CITED_TEST_MLFLOW_URI is not set (globalSetup starts one)');
    const model = `cited-ready-${randomUUID().slice(0, 8)}`;
    const client = mlflowClient(SHARED_URI);
    await registerProgram(client, model, extractiveProgramJson('empty-one'), 'production');
    // A version of a run folder that holds no program.json, as a hand-made registration leaves.
    const experimentId = await client.experiments.getOrCreate('cited-api-tests');
    const run = await client.runs.create({ experimentId, runName: 'not-a-program' });
    await client.artifacts.uploadBuffer({ runId: run.info.runId }, 'x', 'model/weights.bin');
    const empty = await client.registry.createVersionFromRun(model, run.info.runId, 'program', {
      waitReadyMs: 60_000,
    });
    const env = {
      MLFLOW_TRACKING_URI: SHARED_URI,
      CITED_MODEL_NAME: model,
      CITED_REGISTRY_POLL_S: '3600',
    };
    const t = await startTestApp(env, { registry: createProgramRegistry(loadApiConfig(env)) });
    try {
      await client.registry.setAlias(model, 'production', empty.version);
      await postJson(`${t.base}/v1/programs/reload`, {});
      const r = (await (await fetch(`${t.base}/readyz`)).json()) as Readiness & {
        checks: { program: { lastRefusal: string | null }; mlflow: { status: string } };
      };
      expect({ status: r.status, reasons: r.reasons, mlflow: r.checks.mlflow.status }).toEqual({
        status: 'degraded',
        reasons: ['program_refused'],
        mlflow: 'ok',
      });
      expect(r.checks.program.lastRefusal).toMatch(
        new RegExp(`model version ${empty.version} has no program.json artifact`),
      );

      // A literal `runs:/` source, as MLflow's low-level client registers one: read from the run.
      const raw = await client.runs.create({ experimentId, runName: 'raw-source' });
      const rawRun = raw.info.runId;
      await client.artifacts.uploadBuffer(
        { runId: rawRun },
        extractiveProgramJson('raw-source'),
        PROGRAM_ARTIFACT_PATH,
      );
      const rawVersion = await client.registry.createVersion(
        model,
        `runs:/${rawRun}/${PROGRAM_ARTIFACT_DIR}`,
        { runId: rawRun },
        { waitReadyMs: 60_000 },
      );
      await client.registry.setAlias(model, 'production', rawVersion.version);
      await postJson(`${t.base}/v1/programs/reload`, {});
      const served = (await (await fetch(`${t.base}/readyz`)).json()) as Readiness & {
        checks: { program: { source: string; version: string } };
      };
      expect({
        status: served.status,
        source: served.checks.program.source,
        version: served.checks.program.version,
      }).toEqual({ status: 'ready', source: 'registry', version: rawVersion.version });
    } finally {
      await t.close();
      client.close();
    }
  });
});
