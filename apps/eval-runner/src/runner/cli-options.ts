import { z } from 'zod';
import { createLlmService, type LlmService } from '@cited/dspy-pipeline';
import { CliError } from '../cli/cli-error';
import type { RunnerConfig } from '../config/runner-config';

/** A positive integer option given as text. */
export const positiveInt = (flag: string) =>
  z
    .string()
    .regex(/^[1-9]\d*$/, `${flag} must be a positive integer`)
    .transform(Number);

/** A non-negative integer option given as text. */
export const nonNegativeInt = (flag: string) =>
  z.string().regex(/^\d+$/, `${flag} must be a non-negative integer`).transform(Number);

/** Parses commander's options with a zod schema; the first problem becomes a usage error (exit 2). */
export function parseOptions<S extends z.ZodType>(
  schema: S,
  opts: Record<string, unknown>,
): z.output<S> {
  const parsed = schema.safeParse(opts);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') ?? '';
    const flag = field ? `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}` : 'options';
    const message = issue?.message ?? 'invalid';
    throw new CliError('usage', message.startsWith('--') ? message : `${flag}: ${message}`);
  }
  return parsed.data;
}

/** Collects a repeatable option into an array. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/**
 * The LLM service of a run, or null when no LLM is configured. The HTTP concurrency limit is
 * raised to the evaluation's concurrency so that `--concurrency` really is the number of calls
 * in flight.
 */
export function llmForRun(config: RunnerConfig, concurrency: number): LlmService | null {
  if (config.llm === null) return null;
  return createLlmService({
    ...config.llm,
    concurrency: Math.max(config.llm.concurrency, concurrency),
  });
}

/** A `--fail-under metric=value` threshold. */
export interface Threshold {
  metric: string;
  value: number;
}

/** Parses `--fail-under` values; exit 2 on a malformed one. */
export function parseThresholds(values: readonly string[]): Threshold[] {
  return values.map((raw) => {
    const m = /^\s*([A-Za-z][\w./-]*)\s*=\s*(-?\d+(?:\.\d+)?)\s*$/.exec(raw);
    if (!m?.[1] || m[2] === undefined)
      throw new CliError(
        'usage',
        `--fail-under '${raw}' does not parse: expected <metric>=<number>, e.g. token_f1=0.6 or dev/token_f1=0.6.`,
      );
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
