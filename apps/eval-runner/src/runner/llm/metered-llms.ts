import {
  LlmBudget,
  LlmRequestCache,
  createLlmService,
  meterLlmService,
  type LlmUsageTotals,
  type MeteredLlmService,
} from '@cited/dspy-pipeline';
import { CliError } from '../../cli/cli-error';
import type { RunnerConfig } from '../../config/runner-config';

/** How a command meters its LLM requests (`--no-cache`, `--max-llm-calls`, `--max-cost-usd`). */
export interface MeteringOptions {
  cache: boolean;
  maxLlmCalls?: number | undefined;
  maxCostUsd?: number | undefined;
}

/** The metered LLM services of one command run, their shared budget and cache. */
export interface MeteredLlms {
  llm: MeteredLlmService;
  /** `CITED_LLM_TEACHER_MODEL`, when set. */
  teacher?: MeteredLlmService;
  budget: LlmBudget;
  /** Whether replies are cached (not `--no-cache`). */
  cached: boolean;
  /** Why costs are not known, or null when every model used has a price. */
  unpricedReason: string | null;
  /** Every request of the run, both services together. */
  totals(): LlmUsageTotals;
}

/**
 * The run's LLM (and teacher) behind the request cache, the price table and the budget. The
 * HTTP concurrency is raised to the command's `--concurrency`, as for `eval`.
 * @throws CliError `usage` for `--max-cost-usd` when a model used has no price (exit 2).
 */
export function meteredLlmsForRun(
  config: RunnerConfig,
  concurrency: number,
  options: MeteringOptions,
): MeteredLlms | null {
  if (config.llm === null) return null;
  const usage = config.llmUsage;
  const cache = options.cache
    ? new LlmRequestCache({ dir: usage.cacheDir, maxBytes: usage.cacheMaxBytes })
    : undefined;
  const budget = new LlmBudget({
    ...(options.maxLlmCalls !== undefined ? { maxCalls: options.maxLlmCalls } : {}),
    ...(options.maxCostUsd !== undefined ? { maxCostUsd: options.maxCostUsd } : {}),
  });
  const meter = {
    ...(cache ? { cache } : {}),
    ...(usage.prices ? { prices: usage.prices } : {}),
    budget,
  };
  const base = { ...config.llm, concurrency: Math.max(config.llm.concurrency, concurrency) };
  const llm = meterLlmService(createLlmService(base), meter);
  const teacher = config.llm.teacherModel
    ? meterLlmService(createLlmService({ ...base, model: config.llm.teacherModel }), meter)
    : undefined;
  const unpriced = [llm, ...(teacher ? [teacher] : [])]
    .filter((s) => !s.priced)
    .map((s) => s.model);
  const unpricedReason =
    unpriced.length === 0
      ? null
      : usage.prices
        ? `no price for ${unpriced.join(', ')} in ${usage.pricesFile}`
        : 'CITED_LLM_PRICES is not set';
  if (options.maxCostUsd !== undefined && unpricedReason !== null)
    throw new CliError(
      'usage',
      `--max-cost-usd needs a price for every model used: ${unpricedReason}. Add the model to a price table and set CITED_LLM_PRICES (see docs/configuration.md).`,
    );
  return {
    llm,
    ...(teacher ? { teacher } : {}),
    budget,
    cached: cache !== undefined,
    unpricedReason,
    totals: () => {
      const t = { ...llm.usage.totals };
      if (teacher)
        for (const [k, v] of Object.entries(teacher.usage.totals) as [
          keyof LlmUsageTotals,
          number,
        ][])
          t[k] += v;
      return t;
    },
  };
}

/**
 * MLflow metrics of a set of requests under `prefix`: `llm_calls` always; `llm_cache_hits`
 * and `llm_cache_misses` when the cache is on; `cost_usd` and `cost_saved_usd` when every
 * request had a price.
 */
export function usageMetrics(
  totals: LlmUsageTotals,
  options: { cached: boolean; prefix?: string },
): Record<string, number> {
  const p = options.prefix ?? '';
  return {
    [`${p}llm_calls`]: totals.calls,
    ...(options.cached
      ? { [`${p}llm_cache_hits`]: totals.cacheHits, [`${p}llm_cache_misses`]: totals.cacheMisses }
      : {}),
    ...(totals.unpricedRequests === 0
      ? { [`${p}cost_usd`]: totals.costUsd, [`${p}cost_saved_usd`]: totals.costSavedUsd }
      : {}),
  };
}
