import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScriptedLlm } from '../../testing';
import { defaultReasonerSpec } from '../programs/reasoner-program';
import { runModule } from '../programs/module-runner';
import { LlmBudget } from './llm-budget';
import { parseLlmPriceTable, type LlmPriceTable } from './llm-prices';
import { clearLlmCache, LlmRequestCache } from './llm-request-cache';
import { LlmUsageLedger, withUsageLedger } from './llm-usage-ledger';
import { meterLlmService } from './metered-llm-service';

const PRICES: LlmPriceTable = {
  currency: 'USD',
  updated: '2026-12-01',
  models: { scripted: { input: 1, output: 2 } },
};

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cited-llm-cache-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function scripted(reply: () => string = () => 'Answer: Paris\nCitations: ["d1#0"]') {
  return createScriptedLlm({ model: 'scripted', respond: reply });
}

const ask = (llm: ReturnType<typeof meterLlmService>, question = 'Capital of France?') =>
  runModule({
    module: 'reasoner',
    programId: 'reasoner',
    spec: defaultReasonerSpec(),
    llm,
    values: { question, passages: '[d1#0] Paris is the capital of France.' },
    passageIds: ['d1#0'],
  });

async function files(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const d of await readdir(root).catch(() => [] as string[]))
    for (const f of await readdir(join(root, d))) out.push(join(root, d, f));
  return out;
}

describe('meterLlmService with a request cache', () => {
  it('answers a repeated request from disk, with its original tokens, zero cost and the saving counted', async () => {
    const first = scripted();
    const a = meterLlmService(first.llm, { cache: new LlmRequestCache({ dir }), prices: PRICES });
    const one = await ask(a);
    expect(one.event.cacheHit).toBe(false);
    expect(one.event.costUsd).toBeGreaterThan(0);
    // A new process: a fresh service and cache object over the same folder.
    const second = scripted();
    const b = meterLlmService(second.llm, { cache: new LlmRequestCache({ dir }), prices: PRICES });
    const two = await ask(b);
    expect(second.requests).toHaveLength(0);
    expect(two.output).toEqual(one.output);
    expect(two.event).toMatchObject({ cacheHit: true, costUsd: 0, tokens: one.event.tokens });
    expect(two.event.costSavedUsd).toBeCloseTo(one.event.costUsd ?? NaN, 12);
    expect(b.usage.totals).toMatchObject({ calls: 0, cacheHits: 1, cacheMisses: 0, costUsd: 0 });
    expect(a.usage.totals).toMatchObject({ calls: 1, cacheHits: 0, cacheMisses: 1 });
  });

  it('writes entries 0600 in 0700 folders, atomically (no temporary files left)', async () => {
    const s = meterLlmService(scripted().llm, { cache: new LlmRequestCache({ dir }) });
    await ask(s, 'q1');
    await ask(s, 'q2');
    const list = await files(dir);
    expect(list).toHaveLength(2);
    for (const f of list) {
      expect(f.endsWith('.json')).toBe(true);
      expect((await stat(f)).mode & 0o777).toBe(0o600);
    }
    for (const d of await readdir(dir)) expect((await stat(join(dir, d))).mode & 0o777).toBe(0o700);
    expect(await clearLlmCache(dir)).toBe(2);
    expect(await files(dir)).toEqual([]);
  });

  it('never caches an error', async () => {
    let fail = true;
    const llm = createScriptedLlm({
      model: 'scripted',
      respond: () => {
        if (fail) throw new Error('provider down');
        return 'Answer: Paris\nCitations: []';
      },
    });
    const s = meterLlmService(llm.llm, { cache: new LlmRequestCache({ dir }) });
    await expect(ask(s)).rejects.toBeDefined();
    expect(await files(dir)).toEqual([]);
    fail = false;
    await ask(s);
    expect(s.usage.totals.cacheHits).toBe(0);
    expect(await files(dir)).toHaveLength(1);
  });

  it('keeps the folder under its size bound, oldest entries first', async () => {
    const cache = new LlmRequestCache({ dir, maxBytes: 3000 });
    const s = meterLlmService(scripted(() => `Answer: ${'x'.repeat(400)}\nCitations: []`).llm, {
      cache,
    });
    for (let i = 0; i < 12; i++) await ask(s, `question ${i}`);
    const sizes = await Promise.all((await files(dir)).map(async (f) => (await stat(f)).size));
    expect(sizes.length).toBeLessThan(12);
    expect(sizes.reduce((x, y) => x + y, 0)).toBeLessThanOrEqual(3000);
  });

  it('attributes requests to the ledgers of the async context', async () => {
    const s = meterLlmService(scripted().llm, { cache: new LlmRequestCache({ dir }) });
    const trial = new LlmUsageLedger();
    await withUsageLedger(trial, async () => {
      await Promise.all([ask(s, 'a'), ask(s, 'b')]);
    });
    await ask(s, 'c');
    expect(trial.totals).toMatchObject({ calls: 2, cacheMisses: 2 });
    expect(s.usage.totals.calls).toBe(3);
  });
});

describe('LlmBudget', () => {
  it('stops sending once the call budget is spent; hits need none', async () => {
    const llm = scripted();
    const budget = new LlmBudget({ maxCalls: 1 });
    const s = meterLlmService(llm.llm, { cache: new LlmRequestCache({ dir }), budget });
    await ask(s, 'one');
    await expect(ask(s, 'two')).rejects.toBeDefined();
    expect(budget.stopReason()).toBe('max_llm_calls');
    expect(llm.requests).toHaveLength(1);
    await expect(ask(s, 'one')).resolves.toMatchObject({ event: { cacheHit: true } });
  });

  it('stops on dollars spent', async () => {
    const budget = new LlmBudget({ maxCostUsd: 1e-9 });
    const s = meterLlmService(scripted().llm, { prices: PRICES, budget });
    await ask(s, 'one');
    await expect(ask(s, 'two')).rejects.toBeDefined();
    expect(budget.stopReason()).toBe('max_cost_usd');
  });
});

describe('parseLlmPriceTable', () => {
  it('names the file and field of a bad price', () => {
    expect(() =>
      parseLlmPriceTable(
        JSON.stringify({
          currency: 'USD',
          updated: '2026-12-01',
          models: { m: { input: -1, output: 1 } },
        }),
        'prices.json',
      ),
    ).toThrow(/prices\.json: models\.m\.input/);
    expect(() => parseLlmPriceTable('{', 'prices.json')).toThrow(/prices\.json is not JSON/);
  });
});
