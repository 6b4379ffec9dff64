import { posix } from 'node:path';
import { MlflowClientError } from '../errors/mlflow-client-error';

/** MLflow's limits, mirrored so bad input fails before any request (mlflow/utils/validation.py). */
export const MLFLOW_LIMITS = {
  keyMaxLength: 250,
  paramValueMaxLength: 6000,
  tagValueMaxLength: 8000,
  batchMaxItems: 1000,
  batchMaxMetrics: 1000,
  batchMaxParams: 100,
  batchMaxTags: 100,
  batchMaxBodyBytes: 1024 * 1024,
} as const;

const KEY_RE = /^[/\w.\- ]*$/;

function invalid(kind: string, key: string, rule: string, fix: string): MlflowClientError {
  // The key is user-chosen metadata, not a value: naming it is what makes the error actionable.
  return new MlflowClientError('invalid_argument', `${kind} key '${key.slice(0, 300)}' ${rule}.`, {
    where: `${kind}:${key.slice(0, 80)}`,
    fix,
  });
}

/** Checks a metric/param/tag key against MLflow's rules (charset, length, no path tricks). */
export function validateKey(kind: 'metric' | 'param' | 'tag', key: string): void {
  if (key.length === 0) throw invalid(kind, key, 'is empty', 'Give it a name.');
  if (key.length > MLFLOW_LIMITS.keyMaxLength)
    throw invalid(
      kind,
      key,
      `is ${key.length} characters long (rule: at most ${MLFLOW_LIMITS.keyMaxLength})`,
      'Shorten the key.',
    );
  if (!KEY_RE.test(key))
    throw invalid(
      kind,
      key,
      'has characters outside the rule ^[/\\w.\\- ]*$',
      'Use letters, digits, underscores, dashes, periods, spaces and slashes only.',
    );
  // MLflow stores some keys as file names: a key must not normalize to another one.
  if (key.startsWith('/') || posix.normalize(key) !== key)
    throw invalid(
      kind,
      key,
      'is not a normalized relative path (rule: no leading "/", "..", "./" or "//")',
      'Remove the redundant path parts.',
    );
}

/** Checks a param value (≤ 6000 characters). */
export function validateParam(key: string, value: string): void {
  validateKey('param', key);
  if (value.length > MLFLOW_LIMITS.paramValueMaxLength)
    throw invalid(
      'param',
      key,
      `has a value of ${value.length} characters (rule: at most ${MLFLOW_LIMITS.paramValueMaxLength})`,
      'Log long values as an artifact instead.',
    );
}

/** Checks a tag value (≤ 8000 characters). */
export function validateTag(key: string, value: string): void {
  validateKey('tag', key);
  if (value.length > MLFLOW_LIMITS.tagValueMaxLength)
    throw invalid(
      'tag',
      key,
      `has a value of ${value.length} characters (rule: at most ${MLFLOW_LIMITS.tagValueMaxLength})`,
      'Log long values as an artifact instead.',
    );
}

/** What to do with NaN and ±Infinity metric values. */
export type NonFiniteMetricPolicy = 'allow' | 'reject';

/**
 * Checks a metric: the value is a number (MLflow accepts NaN and ±Infinity; with policy
 * `reject` they fail here), timestamp and step are integers.
 */
export function validateMetric(
  metric: { key: string; value: number; timestamp: number; step: number },
  policy: NonFiniteMetricPolicy = 'allow',
): void {
  validateKey('metric', metric.key);
  if (typeof metric.value !== 'number')
    throw invalid('metric', metric.key, 'has a non-numeric value', 'Log a number.');
  if (!Number.isFinite(metric.value) && policy === 'reject')
    throw invalid(
      'metric',
      metric.key,
      `has the non-finite value ${metric.value} (rule: nonFiniteMetrics = reject)`,
      'Log a finite number or allow non-finite metrics.',
    );
  if (!Number.isSafeInteger(metric.step))
    throw invalid('metric', metric.key, 'has a non-integer step', 'Use an integer step.');
  if (!Number.isSafeInteger(metric.timestamp))
    throw invalid(
      'metric',
      metric.key,
      'has a non-integer timestamp',
      'Use milliseconds since the epoch.',
    );
}

/** A metric value as protobuf JSON expects it (non-finite values as strings). */
export function wireMetricValue(value: number): number | 'NaN' | 'Infinity' | '-Infinity' {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return value;
}
