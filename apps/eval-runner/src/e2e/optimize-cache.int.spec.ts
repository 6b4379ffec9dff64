import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BUNDLED_CORPUS_DIR,
  BUNDLED_DATASET_FILE,
  resolveBundledAssetsDir,
} from '@cited/dspy-pipeline';
import { cli, isolatedEnv } from '../test-fixtures/cli-harness';
import { sharedLlmStub } from '../test-fixtures/llm-stub';

const assets = resolveBundledAssetsDir();
const dataset = join(assets, BUNDLED_DATASET_FILE);
const corpus = join(assets, BUNDLED_CORPUS_DIR);

const OPTIMIZE = [
  'optimize',
  '--dataset',
  dataset,
  '--max-train',
  '6',
  '--max-dev',
  '4',
  '--trials',
  '2',
  '--max-demos',
  '2',
  '--seed',
  '1',
  '--json',
];

type OptimizeJson = {
  runId: string;
  stopReason: string;
  trials: { index: number; runId: string; score: number }[];
  usage: Record<string, number>;
};

function cacheFiles(dir: string): string[] {
  const out: string[] = [];
  for (const d of readdirSync(dir))
    for (const f of readdirSync(join(dir, d))) out.push(join(dir, d, f));
  return out;
}

describe('optimize with the LLM request cache, prices and budgets (stub LLM, real MLflow)', () => {
  const llm = sharedLlmStub();

  it('a second run sends no LLM request, costs 0 and reports the saving; cache clear empties the cache', async () => {
    const env = isolatedEnv('opt-cache', llm.env);
    const prices = join(env['CITED_TEST_DIR'] as string, 'prices.json');
    writeFileSync(
      prices,
      JSON.stringify({
        currency: 'USD',
        updated: '2026-12-01',
        models: { 'stub-model': { input: 1, output: 4 } },
      }),
    );
    const penv = { ...env, CITED_LLM_PRICES: prices };
    expect((await cli(['ingest', '--corpus', corpus], penv)).code).toBe(0);
    const before = llm.stub.chatRequests().length;
    const first = await cli(OPTIMIZE, penv);
    expect({ code: first.code, err: first.code === 0 ? '' : first.err }).toEqual({
      code: 0,
      err: '',
    });
    const sent = llm.stub.chatRequests().length - before;
    const a = first.json<OptimizeJson>();
    expect(a.usage['total.llm_calls']).toBe(sent);
    expect(a.usage['total.cost_usd']).toBeGreaterThan(0);
    const dir = env['CITED_LLM_CACHE_DIR'] as string;
    const files = cacheFiles(dir);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(statSync(f).mode & 0o777).toBe(0o600);

    const second = await cli(OPTIMIZE, penv);
    expect(second.code).toBe(0);
    expect(llm.stub.chatRequests().length - before).toBe(sent);
    const b = second.json<OptimizeJson>();
    expect(b.usage).toMatchObject({
      'total.llm_calls': 0,
      'total.cost_usd': 0,
      'total.llm_cache_misses': 0,
    });
    expect(b.usage['total.cost_saved_usd']).toBeGreaterThan(0);
    expect(b.trials.map((t) => t.score)).toEqual(a.trials.map((t) => t.score));
    // Logged on the runs: the parent's totals, each trial's own usage.
    const parent = await llm.client.runs.get(b.runId);
    const metrics = Object.fromEntries(parent.data.metrics.map((m) => [m.key, m.value]));
    expect(metrics).toMatchObject({ 'total.llm_calls': 0, 'total.cost_usd': 0 });
    expect(metrics['total.llm_cache_hits']).toBeGreaterThan(0);
    expect(metrics['dev/cost_usd']).toBe(0);
    const child = await llm.client.runs.get(b.trials[0]?.runId as string);
    const childMetrics = Object.fromEntries(child.data.metrics.map((m) => [m.key, m.value]));
    expect(childMetrics).toMatchObject({ llm_calls: 0, cost_usd: 0 });
    expect(childMetrics['llm_cache_hits']).toBeGreaterThan(0);

    const cleared = await cli(['cache', 'clear', '--json'], penv);
    expect(cleared.code).toBe(0);
    expect(cleared.json<{ removed: number }>().removed).toBe(files.length);
    expect(() => readdirSync(dir)).toThrow();
  });

  it('--no-cache sends every request; --max-llm-calls stops cleanly and says why', async () => {
    const env = isolatedEnv('opt-budget', llm.env);
    expect((await cli(['ingest', '--corpus', corpus], env)).code).toBe(0);
    const r = await cli([...OPTIMIZE, '--no-cache', '--max-llm-calls', '5'], env);
    expect({ code: r.code, err: r.code === 0 ? '' : r.err }).toEqual({ code: 0, err: '' });
    const j = r.json<OptimizeJson>();
    expect(j.stopReason).toBe('max_llm_calls');
    expect(j.usage['total.llm_calls']).toBeLessThanOrEqual(5 + 8);
    expect(j.usage['total.llm_cache_hits']).toBeUndefined();
    const parent = await llm.client.runs.get(j.runId);
    expect(parent.data.tags.find((t) => t.key === 'cited.stop_reason')?.value).toBe(
      'max_llm_calls',
    );
  });

  it('--max-cost-usd without a price for the model is a usage error (exit 2)', async () => {
    const env = isolatedEnv('opt-noprice', llm.env);
    const r = await cli([...OPTIMIZE, '--max-cost-usd', '1'], env);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--max-cost-usd needs a price .*CITED_LLM_PRICES is not set/);
  });
});
