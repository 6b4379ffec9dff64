import { CliError } from './cli-error';
import { assertKnownMetricName } from './metric-names';

/** A `--fail-under metric=value` threshold. */
export interface Threshold {
  metric: string;
  value: number;
}

/**
 * Parses `--fail-under` values; exit 2 on a malformed one or a metric the CLI never logs
 * (checked here, before any evaluation runs).
 */
export function parseThresholds(values: readonly string[]): Threshold[] {
  return values.map((raw) => {
    const m = /^\s*([A-Za-z][\w./-]*)\s*=\s*(-?\d+(?:\.\d+)?)\s*$/.exec(raw);
    if (!m?.[1] || m[2] === undefined)
      throw new CliError(
        'usage',
        `--fail-under '${raw}' does not parse: expected <metric>=<number>, e.g. token_f1=0.6 or dev/token_f1=0.6.`,
      );
    assertKnownMetricName(m[1], '--fail-under');
    return { metric: m[1], value: Number(m[2]) };
  });
}

/** Checks thresholds against overall (`name`) or per-split (`split/name`) metrics. */
export function checkThresholds(
  thresholds: readonly Threshold[],
  metrics: Record<string, number>,
  perSplit: Record<string, Record<string, number>>,
): { metric: string; value: number | undefined; threshold: number; ok: boolean }[] {
  return thresholds.map((t) => {
    const slash = t.metric.indexOf('/');
    const value =
      slash > 0
        ? perSplit[t.metric.slice(0, slash)]?.[t.metric.slice(slash + 1)]
        : metrics[t.metric];
    if (value === undefined)
      throw new CliError(
        'usage',
        `--fail-under ${t.metric}: no such metric in this evaluation (have: ${Object.keys(metrics).join(', ')}; per split as <split>/<name>).`,
      );
    return { metric: t.metric, value, threshold: t.value, ok: value >= t.value };
  });
}
