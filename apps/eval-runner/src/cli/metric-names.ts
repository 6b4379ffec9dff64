import { METRIC_NAMES } from '@cited/dspy-pipeline';
import { CliError } from './cli-error';

/**
 * Every metric name the CLI can log on a run, conditional ones included (`tokens_total` only
 * when the provider reports usage, `cost_*` only with a priced model, …). The one list
 * `eval --fail-under` and `promote --gate` check names against before doing any work;
 * `metric-names.spec.ts` ties it to the names the code logs, so a new metric cannot be
 * forgotten here.
 */
export const PER_SPLIT_METRIC_NAMES = [
  // What an evaluation computes (the pipeline library's list) …
  ...METRIC_NAMES,
  // … and what it logs when an LLM is metered: cost with a priced model, cache counts with
  // the request cache on.
  'cost_usd',
  'cost_saved_usd',
  'llm_cache_hits',
  'llm_cache_misses',
] as const;

/** Run-level metrics: counts, optimizer summaries and trials; never split-prefixed. */
export const RUN_METRIC_NAMES = [
  'count.examples',
  'count.errors',
  'count.abstained',
  'pii_scrub.total',
  'optimizer.baseline_score',
  'optimizer.best_score',
  'optimizer.trials',
  'optimizer.bootstrap_tried',
  'optimizer.bootstrap_demos',
  'trial_score',
  'dev_token_f1',
  // LLM usage of a trial (child run), of the search and of the whole optimize command.
  'llm_calls',
  ...(['search.', 'total.'] as const).flatMap(
    (p) =>
      [
        `${p}llm_calls`,
        `${p}llm_cache_hits`,
        `${p}llm_cache_misses`,
        `${p}cost_usd`,
        `${p}cost_saved_usd`,
      ] as const,
  ),
] as const;

/** `pii_scrub.<entity type>`: one count per scrubbed type (built-in or custom). */
const PII_SCRUB_COUNT = /^pii_scrub\.[a-z][a-z0-9_]*$/;
const SPLIT_PREFIX = /^([\w.-]+)\/(.+)$/;

/** Whether `name` is a metric the CLI logs: `<name>`, `<split>/<name>` or `pii_scrub.<type>`. */
export function isKnownMetricName(name: string): boolean {
  if ((RUN_METRIC_NAMES as readonly string[]).includes(name) || PII_SCRUB_COUNT.test(name))
    return true;
  const base = SPLIT_PREFIX.exec(name)?.[2] ?? name;
  return (PER_SPLIT_METRIC_NAMES as readonly string[]).includes(base);
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(
        (prev[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    prev = row;
  }
  return prev[b.length] ?? 0;
}

/** The closest known name (keeping a `<split>/` prefix), when one is close enough to be a typo. */
export function suggestMetricName(name: string): string | undefined {
  const m = SPLIT_PREFIX.exec(name);
  const base = m?.[2] ?? name;
  const pool: readonly string[] = m
    ? PER_SPLIT_METRIC_NAMES
    : [...PER_SPLIT_METRIC_NAMES, ...RUN_METRIC_NAMES];
  let best: { name: string; d: number } | undefined;
  for (const candidate of pool) {
    const d = editDistance(base.toLowerCase(), candidate);
    if (!best || d < best.d) best = { name: candidate, d };
  }
  if (!best || best.d > Math.max(2, Math.floor(base.length / 3))) return undefined;
  return m ? `${m[1]}/${best.name}` : best.name;
}

/**
 * Refuses a metric name the CLI never logs (exit 2), suggesting the closest known one.
 * @param option the option that named it (`--fail-under`, `--gate`), for the message.
 */
export function assertKnownMetricName(name: string, option: string): void {
  if (isKnownMetricName(name)) return;
  const suggestion = suggestMetricName(name);
  throw new CliError(
    'usage',
    `${option}: unknown metric '${name}'${suggestion ? `; did you mean ${suggestion}?` : ''} Known metrics: ${PER_SPLIT_METRIC_NAMES.join(', ')} (each also as <split>/<name>), ${RUN_METRIC_NAMES.join(', ')}, pii_scrub.<type>.`,
  );
}
