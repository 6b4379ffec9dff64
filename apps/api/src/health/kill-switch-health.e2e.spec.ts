import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundledIndexFor } from '../test-fixtures/llm-fixtures';
import { postJson, startTestApp, tempDir, type TestApp } from '../test-fixtures/test-app';

const Q = 'How much notice must a tenant give before moving out?';

function writeFlags(path: string, flags: unknown): void {
  writeFileSync(`${path}.tmp`, JSON.stringify(flags));
  renameSync(`${path}.tmp`, path);
}

async function until(check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface Report {
  status: string;
  reasons: string[];
  checks: {
    routing: {
      status: string;
      killSwitch: boolean;
      killSwitchSource: string | null;
      killSwitchTenants: boolean | null;
    };
  };
}

describe('a kill switch set in the flags file is what health and the programs report say', () => {
  let t: TestApp;
  let flags: string;
  const readyz = async () => (await (await fetch(`${t.base}/readyz`)).json()) as Report;
  const active = async () =>
    (await (await fetch(`${t.base}/v1/programs/active`)).json()) as {
      killSwitch: boolean;
      killSwitchSource: string | null;
      killSwitchTenants: boolean | null;
    };

  beforeAll(async () => {
    const dir = tempDir();
    flags = join(dir, 'flags.json');
    writeFlags(flags, { flags: {} });
    await bundledIndexFor(dir, ['default', 'acme']);
    t = await startTestApp({ CITED_FLAGS_FILE: flags, CITED_FLAGS_POLL_MS: '100' }, { dir });
  });
  afterAll(async () => {
    await t.close();
  });

  it('on for everyone: answers are degraded, and /readyz and /v1/programs/active say so', async () => {
    writeFlags(flags, { flags: { 'kill-switch': { default: true } } });
    await until(
      async () =>
        (await postJson(`${t.base}/v1/answer`, { question: Q })).json['degraded'] === true,
    );
    expect((await postJson(`${t.base}/v1/answer`, { question: Q })).json).toMatchObject({
      degraded: true,
      degradedReason: 'kill_switch',
    });
    const r = await readyz();
    expect(r.status).toBe('degraded');
    expect(r.reasons).toEqual(['kill_switch']);
    expect(r.checks.routing).toMatchObject({
      status: 'degraded',
      killSwitch: true,
      killSwitchSource: 'flag',
    });
    expect(await active()).toMatchObject({ killSwitch: true, killSwitchSource: 'flag' });
  });

  it('on for some tenants only: routing is degraded, the service is not', async () => {
    writeFlags(flags, { flags: { 'kill-switch': { tenants: { acme: true } } } });
    await until(async () => (await readyz()).status === 'ready');
    const r = await readyz();
    expect(r.reasons).toEqual([]);
    expect(r.checks.routing).toMatchObject({
      status: 'degraded',
      killSwitch: false,
      killSwitchTenants: true,
    });
    expect(
      (await postJson(`${t.base}/v1/answer`, { question: Q, tenantId: 'acme' })).json,
    ).toMatchObject({
      degradedReason: 'kill_switch',
    });
    expect(await active()).toMatchObject({ killSwitch: false, killSwitchTenants: true });
  });

  it('off again: ready', async () => {
    writeFlags(flags, { flags: {} });
    await until(
      async () =>
        (await readyz()).status === 'ready' && !(await readyz()).checks.routing.killSwitchTenants,
    );
    expect((await readyz()).checks.routing).toMatchObject({ status: 'ok', killSwitch: false });
  });
});
