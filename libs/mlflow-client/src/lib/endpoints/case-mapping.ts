/** The one place where MLflow's snake_case wire names meet this library's camelCase names. */

/** `experiment_id` → `experimentId`. */
export function snakeToCamel(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** `experimentId` → `experiment_id`. */
export function camelToSnake(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function mapKeys(value: unknown, fn: (k: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => mapKeys(v, fn));
  if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[fn(k)] = mapKeys(v, fn);
    return out;
  }
  return value;
}

/**
 * Renames object keys recursively (values untouched: MLflow carries user keys such as metric
 * names as `{key, value}` values, never as object keys, so they are never renamed).
 */
export function toWire(value: unknown): unknown {
  return mapKeys(value, camelToSnake);
}

/** Inverse of {@link toWire}, for responses. */
export function fromWire(value: unknown): unknown {
  return mapKeys(value, snakeToCamel);
}
