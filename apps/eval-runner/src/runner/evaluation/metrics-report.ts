import { METRIC_NAMES, computeMetrics, type EvalExample } from '@cited/dspy-pipeline';
import type { ExampleOutcome } from './evaluate-dataset';

/** Metric values by name. */
export type MetricValues = Record<string, number>;

/** Aggregated evaluation: overall, per split, and counts. */
export interface EvalAggregate {
  metrics: MetricValues;
  perSplit: Record<string, MetricValues>;
  counts: { examples: number; errors: number; abstained: number };
}

function metricsOf(examples: readonly EvalExample[]): MetricValues {
  const all: MetricValues = { ...computeMetrics(examples) };
  // tokens_total is logged only when the provider reported usage (never for extractive).
  const known = examples.some((e) => e.result.trace.some((t) => t.tokens !== undefined));
  if (!known) delete all['tokens_total'];
  return { ...all, ...cacheAndCost(examples) };
}

/**
 * LLM cache and cost metrics from the examples' trace events (one per module call), logged
 * only when they are known: `llm_cache_hits` / `llm_cache_misses` when the request cache was
 * on, `cost_usd` / `cost_saved_usd` when every call had a price. A cached call costs 0; what
 * it cost when first made is counted in `cost_saved_usd`.
 */
function cacheAndCost(examples: readonly EvalExample[]): MetricValues {
  const events = examples.flatMap((e) => e.result.trace).filter((t) => t.cacheHit !== undefined);
  if (events.length === 0) return {};
  const out: MetricValues = {};
  const hits = events.filter((t) => t.cacheHit).length;
  out['llm_cache_hits'] = hits;
  out['llm_cache_misses'] = events.length - hits;
  if (events.every((t) => t.costUsd !== undefined)) {
    out['cost_usd'] = events.reduce((a, t) => a + (t.costUsd ?? 0), 0);
    out['cost_saved_usd'] = events.reduce((a, t) => a + (t.costSavedUsd ?? 0), 0);
  }
  return out;
}

/**
 * Computes the metrics of the rows that were answered, overall and per split (rows that
 * failed are counted in `counts.errors` and kept out of the quality metrics).
 */
export function aggregateOutcomes(outcomes: readonly ExampleOutcome[]): EvalAggregate {
  const answered = outcomes.filter((o) => o.example !== undefined);
  const bySplit = new Map<string, EvalExample[]>();
  for (const o of answered) {
    const list = bySplit.get(o.row.split) ?? [];
    list.push(o.example as EvalExample);
    bySplit.set(o.row.split, list);
  }
  const perSplit: Record<string, MetricValues> = {};
  for (const [split, examples] of [...bySplit.entries()].sort(([a], [b]) => a.localeCompare(b)))
    perSplit[split] = metricsOf(examples);
  return {
    metrics: metricsOf(answered.map((o) => o.example as EvalExample)),
    perSplit,
    counts: {
      examples: outcomes.length,
      errors: outcomes.filter((o) => o.error !== undefined).length,
      abstained: answered.filter((o) => o.example?.result.abstained).length,
    },
  };
}

/** MLflow metric records: `<name>` overall and `<split>/<name>` per split, plus counts. */
export function metricRecords(
  agg: EvalAggregate,
  step = 0,
): { key: string; value: number; step: number }[] {
  const out: { key: string; value: number; step: number }[] = [];
  for (const [k, v] of Object.entries(agg.metrics)) out.push({ key: k, value: v, step });
  for (const [split, values] of Object.entries(agg.perSplit))
    for (const [k, v] of Object.entries(values)) out.push({ key: `${split}/${k}`, value: v, step });
  out.push({ key: 'count.examples', value: agg.counts.examples, step });
  out.push({ key: 'count.errors', value: agg.counts.errors, step });
  out.push({ key: 'count.abstained', value: agg.counts.abstained, step });
  return out;
}

/** Metric names in display order: the standard ones first, then any others. */
export function orderedMetricNames(columns: readonly MetricValues[]): string[] {
  const seen = new Set<string>();
  for (const c of columns) for (const k of Object.keys(c)) seen.add(k);
  const standard = METRIC_NAMES.filter((n) => seen.has(n));
  const extra = [...seen].filter((n) => !(METRIC_NAMES as readonly string[]).includes(n)).sort();
  return [...standard, ...extra];
}

function formatValue(name: string, v: number | undefined): string {
  if (v === undefined) return '—';
  if (name.endsWith('_ms')) return v.toFixed(1);
  if (Number.isInteger(v) && Math.abs(v) >= 1) return String(v);
  return v.toFixed(3);
}

/** A plain-text table: one row per metric, one column per labelled set of values. */
export function formatMetricsTable(
  columns: readonly { label: string; values: MetricValues }[],
): string {
  const names = orderedMetricNames(columns.map((c) => c.values));
  const header = ['metric', ...columns.map((c) => c.label)];
  const rows = names.map((n) => [n, ...columns.map((c) => formatValue(n, c.values[n]))]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The same table in Markdown (for summary.md). */
export function formatMetricsMarkdown(
  columns: readonly { label: string; values: MetricValues }[],
): string {
  const names = orderedMetricNames(columns.map((c) => c.values));
  return [
    `| metric | ${columns.map((c) => c.label).join(' | ')} |`,
    `| --- | ${columns.map(() => '---:').join(' | ')} |`,
    ...names.map(
      (n) => `| ${n} | ${columns.map((c) => formatValue(n, c.values[n])).join(' | ')} |`,
    ),
  ].join('\n');
}

/** The columns of an evaluation's table: overall, then each split. */
export function aggregateColumns(agg: EvalAggregate): { label: string; values: MetricValues }[] {
  const splits = Object.keys(agg.perSplit);
  const cols = [{ label: 'all', values: agg.metrics }];
  if (splits.length > 1)
    for (const s of splits) cols.push({ label: s, values: agg.perSplit[s] ?? {} });
  return cols;
}
