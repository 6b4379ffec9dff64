/** One row of the `config` table: a dotted setting path and its (already masked) value. */
export interface ConfigRow {
  setting: string;
  value: string;
}

function show(value: unknown): string {
  if (value === null || value === undefined) return 'not configured';
  if (Array.isArray(value)) return value.length ? value.map(String).join(', ') : '(none)';
  return String(value);
}

/** Flattens the described configuration into `section.key` rows, in the order it lists them. */
export function configRows(described: unknown, prefix = ''): ConfigRow[] {
  if (described === null || typeof described !== 'object' || Array.isArray(described))
    return [{ setting: prefix || 'config', value: show(described) }];
  const rows = Object.entries(described as Record<string, unknown>).flatMap(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? configRows(value, path)
      : [{ setting: path, value: show(value) }];
  });
  return rows;
}

/**
 * The human form of `config`: a two-column table (`setting`, `value`). Credentials arrive
 * masked (`set` / `unset`) from `describeRunnerConfig`; this only lays them out.
 */
export function formatConfigTable(described: unknown): string {
  const rows = configRows(described);
  const width = Math.max('setting'.length, ...rows.map((r) => r.setting.length));
  return [
    `${'setting'.padEnd(width)}  value`,
    `${'-'.repeat(width)}  -----`,
    ...rows.map((r) => `${r.setting.padEnd(width)}  ${r.value}`),
  ].join('\n');
}
