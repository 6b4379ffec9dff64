import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { METRIC_NAMES } from '@cited/dspy-pipeline';
import { BUILT_IN_ENTITY_TYPES } from '@cited/pii-scrub';
import { metricRecords } from '../runner/evaluation/metrics-report';
import { usageMetrics } from '../runner/llm/metered-llms';
import {
  PER_SPLIT_METRIC_NAMES,
  RUN_METRIC_NAMES,
  assertKnownMetricName,
  isKnownMetricName,
  suggestMetricName,
} from './metric-names';

const SRC = join(__dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory())
      return e.name === 'test-fixtures' || e.name === 'e2e' ? [] : sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Literal metric keys in the CLI's source: `logMetric('x', …)` and `key: 'x'` near `logMetrics(`. */
function literalMetricKeys(): string[] {
  const keys = new Set<string>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\.logMetric\(\s*'([^']+)'/g)) keys.add(m[1] ?? '');
    for (const call of text.matchAll(/\.logMetrics\(([\s\S]*?)\);/g))
      for (const m of (call[1] ?? '').matchAll(/key:\s*'([^']+)'/g)) keys.add(m[1] ?? '');
  }
  return [...keys].sort();
}

describe('the metric names the CLI checks against', () => {
  it('contain every metric the pipeline library computes, overall and per split', () => {
    const missing = METRIC_NAMES.filter(
      (n) => !isKnownMetricName(n) || !isKnownMetricName(`dev/${n}`),
    );
    expect(missing).toEqual([]);
  });

  it('contain every key an evaluation logs (metricRecords), per split included', () => {
    const values = Object.fromEntries(METRIC_NAMES.map((n) => [n, 0.5]));
    const keys = metricRecords({
      metrics: values,
      perSplit: { train: values, 'dev-2': values },
      counts: { examples: 3, errors: 0, abstained: 1 },
    }).map((r) => r.key);
    expect(keys.length).toBeGreaterThan(METRIC_NAMES.length * 3);
    expect(keys.filter((k) => !isKnownMetricName(k))).toEqual([]);
  });

  it('contain every literal metric key in the CLI source and every pii_scrub.<type> count', () => {
    const literal = literalMetricKeys();
    // The scan finds the optimizer, trial and pii totals; an empty scan would prove nothing.
    expect(literal).toEqual(expect.arrayContaining(['optimizer.best_score', 'trial_score']));
    expect(literal.filter((k) => !isKnownMetricName(k))).toEqual([]);
    const pii = [...BUILT_IN_ENTITY_TYPES.map((t) => `pii_scrub.${t}`), 'pii_scrub.total'];
    expect(pii.filter((k) => !isKnownMetricName(k))).toEqual([]);
  });

  it('contain every LLM usage metric of eval and optimize (trial, search. and total.)', () => {
    const totals = {
      calls: 3,
      cacheHits: 1,
      cacheMisses: 2,
      promptTokens: 10,
      completionTokens: 5,
      costUsd: 0.01,
      costSavedUsd: 0.002,
      unpricedRequests: 0,
    };
    const keys = ['', 'search.', 'total.'].flatMap((prefix) =>
      Object.keys(usageMetrics(totals, { cached: true, prefix })),
    );
    expect(keys).toHaveLength(15);
    expect(keys.filter((k) => !isKnownMetricName(k))).toEqual([]);
  });

  it('list no name twice and keep run-level names out of the split rule', () => {
    const all = [...PER_SPLIT_METRIC_NAMES, ...RUN_METRIC_NAMES];
    expect(new Set(all).size).toBe(all.length);
    expect(isKnownMetricName('dev/count.examples')).toBe(false);
    expect(isKnownMetricName('dev/cost_usd')).toBe(true);
  });

  it('refuse an unknown name with exit 2 and the closest known one', () => {
    expect(suggestMetricName('tokenf1')).toBe('token_f1');
    expect(suggestMetricName('dev/groundednes')).toBe('dev/groundedness');
    expect(suggestMetricName('completely_unrelated_metric')).toBeUndefined();
    let caught: unknown;
    try {
      assertKnownMetricName('token_f', '--gate');
    } catch (err) {
      caught = err;
    }
    expect(caught).toMatchObject({
      code: 'usage',
      exitCode: 2,
      message: expect.stringContaining("--gate: unknown metric 'token_f'; did you mean token_f1?"),
    });
  });
});
