/**
 * Collects the top-level field names of the first rows with the JSON types seen for each
 * (`string`, `integer`, `number`, `boolean`, `null`, `object`, `array<…>`).
 */
export class SchemaSampler {
  private readonly fields = new Map<string, Set<string>>();
  private seen = 0;

  constructor(private readonly maxRows: number) {}

  /** Whether more rows are wanted. */
  get wantsMore(): boolean {
    return this.seen < this.maxRows;
  }

  /** Records one raw (as-parsed) row. */
  add(raw: Record<string, unknown>): void {
    if (!this.wantsMore) return;
    this.seen += 1;
    for (const [key, value] of Object.entries(raw)) {
      let types = this.fields.get(key);
      if (types === undefined) {
        types = new Set();
        this.fields.set(key, types);
      }
      types.add(jsonSchemaType(value));
    }
  }

  /** Field → sorted type names, fields in sorted order. */
  result(): Record<string, string[]> {
    return Object.fromEntries(
      [...this.fields.keys()].sort().map((k) => [k, [...(this.fields.get(k) ?? [])].sort()]),
    );
  }
}

/** The JSON type name of a value; arrays name their element types. */
export function jsonSchemaType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    const items = [...new Set(value.map(jsonSchemaType))].sort();
    return items.length === 0 ? 'array' : `array<${items.join('|')}>`;
  }
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}
