/** The one place where MLflow's snake_case wire names meet this library's camelCase names. */

/** `experiment_id` → `experimentId`. */
export function snakeToCamel(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** `experimentId` → `experiment_id`. */
export function camelToSnake(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** No field is copied verbatim. */
const NONE: ReadonlySet<string> = new Set();

function mapKeys(
  value: unknown,
  fn: (k: string) => string,
  verbatim: ReadonlySet<string>,
): unknown {
  if (Array.isArray(value)) return value.map((v) => mapKeys(v, fn, verbatim));
  if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      const key = fn(k);
      out[key] = verbatim.has(k) || verbatim.has(key) ? v : mapKeys(v, fn, verbatim);
    }
    return out;
  }
  return value;
}

/**
 * Renames object keys recursively (values untouched: MLflow carries user keys such as metric
 * names as `{key, value}` values, never as object keys, so they are never renamed). The v3
 * trace API is the exception: its tags and metadata are maps keyed by user names
 * (`mlflow.sourceRun`, `cited.program_id`); the fields named in `verbatim` (in either spelling)
 * keep their value as it is.
 */
export function toWire(value: unknown, verbatim: ReadonlySet<string> = NONE): unknown {
  return mapKeys(value, camelToSnake, verbatim);
}

/** Inverse of {@link toWire}, for responses. */
export function fromWire(value: unknown, verbatim: ReadonlySet<string> = NONE): unknown {
  return mapKeys(value, snakeToCamel, verbatim);
}
