import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpenFeature, type Hook } from '@openfeature/server-sdk';
import { JsonFileFlagProvider } from './json-file-flag-provider';
import { PipelineFlags } from './pipeline-flags';

describe('PipelineFlags', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cited-pipeline-flags-'));
  const file = join(dir, 'flags.json');
  const domain = `pipeline-flags-spec-${process.pid}`;
  let provider: JsonFileFlagProvider;

  beforeAll(async () => {
    writeFileSync(
      file,
      JSON.stringify({
        flags: {
          'qa-pipeline': {
            default: 'baseline',
            tenants: { acme: 'dspy' },
            rollout: [{ value: 'extractive', percent: 50 }],
          },
          'kill-switch': { default: false, tenants: { stop: true } },
        },
      }),
    );
    provider = new JsonFileFlagProvider(file, 60_000);
    await OpenFeature.setProviderAndWait(domain, provider);
  });
  afterAll(async () => {
    await OpenFeature.clearProviders();
    rmSync(dir, { recursive: true, force: true });
  });

  it('decides exactly as the OpenFeature client does, on the direct path', async () => {
    const client = OpenFeature.getClient(domain);
    const viaClient = new PipelineFlags(client);
    const direct = new PipelineFlags(client, provider);
    const tenants = ['acme', 'stop', ...Array.from({ length: 40 }, (_, i) => `t${i}`)];
    for (const tenant of tenants) {
      expect(await direct.decide(tenant, 'r1', 'extractive')).toEqual(
        await viaClient.decide(tenant, 'r1', 'extractive'),
      );
    }
    expect(await direct.decide('acme', 'r1', 'extractive')).toEqual({
      pipeline: 'dspy',
      reason: 'TARGETING_MATCH',
      killSwitch: false,
    });
    expect((await direct.decide('stop', 'r1', 'extractive')).killSwitch).toBe(true);
    expect((await direct.decide('acme', 'r1', 'extractive')).killSwitch).toBe(false);
  });

  it('goes through the client (and its hooks) once a hook is registered', async () => {
    const client = OpenFeature.getClient(domain);
    const seen: string[] = [];
    const hook: Hook = { before: (ctx) => void seen.push(ctx.flagKey) };
    client.addHooks(hook);
    try {
      await new PipelineFlags(client, provider).decide('acme', 'r2', 'extractive');
      expect(seen.sort()).toEqual(['kill-switch', 'qa-pipeline']);
    } finally {
      client.clearHooks();
    }
  });
});
