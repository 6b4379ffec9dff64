import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OpenAiStubServer } from '@cited/dspy-pipeline/testing';
import {
  bundledIndexFor,
  llmEnv,
  startScriptedStub,
  writeDspyProgram,
  type LlmScript,
} from '../test-fixtures/llm-fixtures';
import { ClientAbort } from '../request/client-abort';
import { postJson, startTestApp, tempDir, type TestApp } from '../test-fixtures/test-app';

const Q = 'How much notice must a tenant give before moving out?';

function writeFlags(path: string, flags: unknown): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, typeof flags === 'string' ? flags : JSON.stringify(flags));
  renameSync(tmp, path);
}

async function until(check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('qa-pipeline flag, kill switch, fallbacks and rollback (LLM = stub server)', () => {
  const script: LlmScript = { reasoner: 'ok', verdict: 'supported', baseline: 'ok', delayMs: 0 };
  let stub: OpenAiStubServer;
  let t: TestApp;
  let flagsPath: string;

  const ask = (tenantId: string, extra: Record<string, unknown> = {}) =>
    postJson(`${t.base}/v1/answer`, { question: Q, tenantId, ...extra });

  beforeAll(async () => {
    stub = await startScriptedStub(script);
    const dir = tempDir();
    flagsPath = join(dir, 'flags.json');
    await bundledIndexFor(dir, ['default', 'acme', 'offline']);
    writeFlags(flagsPath, {
      flags: { 'qa-pipeline': { tenants: { acme: 'baseline', offline: 'extractive' } } },
    });
    t = await startTestApp(
      {
        ...llmEnv(stub),
        CITED_PROGRAM_PATH: writeDspyProgram(dir),
        CITED_FLAGS_FILE: flagsPath,
        CITED_FLAGS_POLL_MS: '100',
        CITED_ROLLBACK_MIN_REQUESTS: '3',
        CITED_ROLLBACK_THRESHOLD: '0.5',
        CITED_ROLLBACK_COOLDOWN_S: '1',
        CITED_ROLLBACK_WINDOW_S: '2',
      },
      { dir },
    );
  });

  afterEach(() => {
    Object.assign(script, { reasoner: 'ok', verdict: 'supported', baseline: 'ok', delayMs: 0 });
  });

  afterAll(async () => {
    await t.close();
    await stub.close();
  });

  it('serves the promoted dspy program by default and per-tenant pipelines from the flag', async () => {
    const d = await ask('default');
    expect(d.status).toBe(200);
    expect(d.json).toMatchObject({
      pipeline: 'dspy',
      degraded: false,
      program: { name: 'test-dspy', source: 'file' },
    });
    expect((d.json['citations'] as unknown[]).length).toBeGreaterThan(0);
    expect((d.json['timings'] as { llmMs: number }).llmMs).toBeGreaterThan(0);
    expect((await ask('acme')).json).toMatchObject({ pipeline: 'baseline', degraded: false });
    expect((await ask('offline')).json).toMatchObject({ pipeline: 'extractive', degraded: false });
    // The access log names each model once, asked for then served (the dspy program calls the
    // stub twice, for the reasoner and the verifier).
    const models = (requestId: unknown) =>
      t.logs.records().find((r) => r['event'] === 'request' && r['requestId'] === requestId)?.[
        'models'
      ];
    expect(models(d.json['requestId'])).toEqual(['stub-model', 'stub-model-served-2025']);
  });

  it('hands an abort signal only to pipelines that wait on I/O', async () => {
    const made = jest.spyOn(ClientAbort.prototype, 'signal', 'get');
    try {
      // Extractive over the embedded index (no embedder): runs to the end in one go.
      expect((await ask('offline')).json['pipeline']).toBe('extractive');
      expect(made).not.toHaveBeenCalled();
      expect((await ask('acme')).json['pipeline']).toBe('baseline');
      expect(made).toHaveBeenCalled();
    } finally {
      made.mockRestore();
    }
  });

  it('ignores the pipeline override unless the configuration allows it', async () => {
    expect((await ask('default', { pipeline: 'extractive' })).json['pipeline']).toBe('dspy');
  });

  it('reloads the flags file on change and keeps the previous flags when it is invalid', async () => {
    writeFlags(flagsPath, {
      flags: { 'qa-pipeline': { default: 'extractive', tenants: { acme: 'dspy' } } },
    });
    await until(async () => (await ask('default')).json['pipeline'] === 'extractive');
    expect((await ask('acme')).json['pipeline']).toBe('dspy');

    writeFlags(flagsPath, '{"flags": {"qa-pipeline": {"default": "quantum"}}}');
    await until(async () => t.logs.records().some((r) => r['event'] === 'flags_invalid'));
    expect((await ask('default')).json['pipeline']).toBe('extractive');
    expect((await ask('acme')).json['pipeline']).toBe('dspy');
    const invalid = t.logs.records().find((r) => r['event'] === 'flags_invalid');
    expect(String(invalid?.['error'])).toMatch(
      /qa-pipeline.*not one of extractive, baseline, dspy/,
    );

    writeFlags(flagsPath, { flags: {} });
    await until(async () => (await ask('default')).json['pipeline'] === 'dspy');
  });

  it('the kill-switch flag forces the fallback (baseline: an LLM is configured) with degraded: true', async () => {
    writeFlags(flagsPath, { flags: { 'kill-switch': { default: true } } });
    await until(async () => (await ask('default')).json['degraded'] === true);
    for (const tenant of ['default', 'acme', 'offline']) {
      expect((await ask(tenant)).json).toMatchObject({
        pipeline: 'baseline',
        degraded: true,
        degradedReason: 'kill_switch',
      });
    }
    writeFlags(flagsPath, { flags: {} });
    await until(async () => (await ask('default')).json['degraded'] === false);
  });

  it('an LLM failure on the dspy path answers with the fallback, degraded', async () => {
    script.reasoner = 'fail';
    const r = await ask('default');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      pipeline: 'baseline',
      degraded: true,
      degradedReason: 'upstream_error',
    });
    script.baseline = 'fail';
    const both = await ask('default');
    expect(both.json).toMatchObject({
      pipeline: 'extractive',
      degraded: true,
      degradedReason: 'upstream_error',
    });
    const metrics = await (await fetch(`${t.base}/metrics`)).text();
    expect(metrics).toMatch(
      /cited_fallbacks_total\{from="dspy",to="baseline",reason="upstream_error"\} [1-9]/,
    );
    const ready = (await (await fetch(`${t.base}/readyz`)).json()) as {
      status: string;
      checks: { llm: { status: string } };
    };
    expect(ready.checks.llm.status).toBe('degraded');
    script.reasoner = 'ok';
    script.baseline = 'ok';
    await ask('acme');
  });

  it('rolls dspy back when its unsupported rate exceeds the threshold, and returns after the cool-down', async () => {
    await postJson(`${t.base}/v1/programs/rollback/reset`, {});
    script.verdict = 'unsupported';
    for (let i = 0; i < 3; i++) await ask('default');
    const rolled = await ask('default');
    expect(rolled.json).toMatchObject({
      pipeline: 'baseline',
      degraded: true,
      degradedReason: 'rollback',
    });
    expect(
      t.logs.records().some((r) => r['alert'] === 'dspy_rollback' && r['level'] === 'error'),
    ).toBe(true);
    const metrics = await (await fetch(`${t.base}/metrics`)).text();
    expect(metrics).toMatch(/cited_rollbacks_total [1-9]/);
    const active = (await (await fetch(`${t.base}/v1/programs/active`)).json()) as {
      rollback: { active: boolean };
    };
    expect(active.rollback.active).toBe(true);
    script.verdict = 'supported';
    // Back after the cool-down (1 s) once the window (2 s) holds no more bad answers.
    await new Promise((r) => setTimeout(r, 2200));
    expect((await ask('default')).json).toMatchObject({ pipeline: 'dspy', degraded: false });
  });
});

describe('configuration-level switches', () => {
  let stub: OpenAiStubServer;
  beforeAll(async () => {
    stub = await startScriptedStub({
      reasoner: 'ok',
      verdict: 'supported',
      baseline: 'ok',
      delayMs: 0,
    });
  });
  afterAll(async () => {
    await stub.close();
  });

  it('CITED_KILL_SWITCH=true forces baseline for everyone; without an LLM the fallback is extractive', async () => {
    const dir = tempDir();
    const t = await startTestApp(
      { ...llmEnv(stub), CITED_PROGRAM_PATH: writeDspyProgram(dir), CITED_KILL_SWITCH: 'true' },
      { dir },
    );
    try {
      const r = await postJson(`${t.base}/v1/answer`, { question: Q });
      expect(r.json).toMatchObject({
        pipeline: 'baseline',
        degraded: true,
        degradedReason: 'kill_switch',
      });
      const ready = (await (await fetch(`${t.base}/readyz`)).json()) as { status: string };
      expect(ready.status).toBe('degraded');
    } finally {
      await t.close();
    }
    const offline = await startTestApp({ CITED_KILL_SWITCH: 'true' });
    try {
      const r = await postJson(`${offline.base}/v1/answer`, { question: Q });
      expect(r.json).toMatchObject({ pipeline: 'extractive', degraded: true });
    } finally {
      await offline.close();
    }
  });

  it('CITED_ALLOW_PIPELINE_OVERRIDE=true honours the pipeline field', async () => {
    const t = await startTestApp({ ...llmEnv(stub), CITED_ALLOW_PIPELINE_OVERRIDE: 'true' });
    try {
      expect(
        (await postJson(`${t.base}/v1/answer`, { question: Q, pipeline: 'baseline' })).json[
          'pipeline'
        ],
      ).toBe('baseline');
      // dspy has no program here: the fallback answers, degraded.
      expect(
        (await postJson(`${t.base}/v1/answer`, { question: Q, pipeline: 'dspy' })).json,
      ).toMatchObject({
        pipeline: 'baseline',
        degraded: true,
        degradedReason: 'unavailable',
      });
    } finally {
      await t.close();
    }
  });

  it('refuses a program whose LLM dry run fails and keeps serving the previous one', async () => {
    const failing = await startScriptedStub({
      reasoner: 'fail',
      verdict: 'supported',
      baseline: 'ok',
      delayMs: 0,
    });
    const dir = tempDir();
    const t = await startTestApp(
      { ...llmEnv(failing), CITED_PROGRAM_PATH: writeDspyProgram(dir) },
      { dir },
    );
    try {
      const active = (await (await fetch(`${t.base}/v1/programs/active`)).json()) as {
        primary: { source: string; pipeline: string };
        refused: { source: string; reason: string; checks: { name: string; ok: boolean }[] }[];
      };
      expect(active.primary).toMatchObject({ source: 'default', pipeline: 'extractive' });
      expect(active.refused[0]?.source).toBe('file');
      expect(active.refused[0]?.checks.find((c) => c.name === 'dry_run_llm')?.ok).toBe(false);
      expect(active.refused[0]?.checks.find((c) => c.name === 'dry_run_render')?.ok).toBe(true);
      expect((await postJson(`${t.base}/v1/answer`, { question: Q })).status).toBe(200);
      const ready = (await (await fetch(`${t.base}/readyz`)).json()) as {
        checks: { program: { lastRefusal: string | null } };
      };
      expect(ready.checks.program.lastRefusal).toMatch(/dry run failed/);
    } finally {
      await t.close();
      await failing.close();
    }
  });
});
