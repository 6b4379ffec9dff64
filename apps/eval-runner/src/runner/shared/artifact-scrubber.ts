import { BUILT_IN_ENTITY_TYPES, createScrubber, type Scrubber } from '@cited/pii-scrub';

/** Names never span a line break: multi-line texts are name-scrubbed line by line (cache hits). */
const SEGMENT_SPLIT = /(\n+)/;

/**
 * Scrubs everything that leaves the process as an MLflow artifact (inputs, outputs, traces,
 * dataset files) with pii-scrub's `strict` profile, and counts the findings per entity type so
 * the run can record them.
 *
 * Strict = every structured detector + person names. The same questions, answers and passages
 * recur across the dataset upload, predictions, prompts and raw outputs, so the profile runs in
 * two passes: all detectors except names on each value (it keeps pii-scrub's sensitive-key
 * rules), then names on each distinct line once, cached for the run. (The pass split dates from
 * when names needed a full NLP parse at ~0.5 ms per word; pii-scrub's lexicon scanner now runs
 * at ~15–30 MB/s, so the cache saves little but costs nothing.)
 */
export class ArtifactScrubber {
  private readonly structured: Scrubber;
  private readonly names: Scrubber;
  private readonly byType = new Map<string, number>();
  private readonly cache = new Map<string, { text: string; types: string[] }>();
  private cachedChars = 0;

  constructor(options: { pseudonymKey?: string } = {}) {
    const key = options.pseudonymKey ? { pseudonymKey: options.pseudonymKey } : {};
    this.structured = createScrubber({ profile: 'strict', disable: ['person_name'], ...key });
    this.names = createScrubber({
      profile: 'strict',
      disable: BUILT_IN_ENTITY_TYPES.filter((t) => t !== 'person_name'),
      ...key,
    });
  }

  /** A scrubbed deep copy of a JSON value (sensitive keys included). */
  json<T>(value: T): T {
    const r = this.structured.scrubJson(value);
    for (const f of r.findings) this.count(f.type);
    return this.namesDeep(r.value) as T;
  }

  /** Scrubbed text. */
  text(value: string): string {
    const r = this.structured.scrubText(value);
    for (const f of r.findings) this.count(f.type);
    return this.namesIn(r.text);
  }

  /**
   * A scrubbed copy of a record the runner built itself (fixed key names): every string leaf
   * goes through {@link text}.
   */
  record<T>(value: T): T {
    const walk = (v: unknown): unknown => {
      if (typeof v === 'string') return this.text(v);
      if (Array.isArray(v)) return v.map(walk);
      if (v !== null && typeof v === 'object')
        return Object.fromEntries(
          Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, walk(x)]),
        );
      return v;
    };
    return walk(value) as T;
  }

  /** Findings per entity type so far. */
  counts(): Record<string, number> {
    return Object.fromEntries([...this.byType.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  /** Total findings so far. */
  get total(): number {
    let n = 0;
    for (const v of this.byType.values()) n += v;
    return n;
  }

  private namesDeep(v: unknown): unknown {
    if (typeof v === 'string') return this.namesIn(v);
    if (Array.isArray(v)) return v.map((x) => this.namesDeep(x));
    if (v !== null && typeof v === 'object')
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, this.namesDeep(x)]),
      );
    return v;
  }

  private namesIn(text: string): string {
    if (text.length < 3) return text;
    // Prompts are scrubbed passage by passage, and each passage is cached across prompts.
    if (text.includes('\n'))
      return text
        .split(SEGMENT_SPLIT)
        .map((part, i) => (i % 2 === 1 ? part : this.namesCached(part)))
        .join('');
    return this.namesCached(text);
  }

  private namesCached(text: string): string {
    let hit = this.cache.get(text);
    if (!hit) {
      const r = this.names.scrubText(text);
      hit = { text: r.text, types: r.findings.map((f) => f.type) };
      // Bounded so a huge run cannot hold every string it ever saw.
      if (this.cachedChars < 64 * 1024 * 1024) {
        this.cache.set(text, hit);
        this.cachedChars += text.length;
      }
    }
    for (const t of hit.types) this.count(t);
    return hit.text;
  }

  private count(type: string, n = 1): void {
    this.byType.set(type, (this.byType.get(type) ?? 0) + n);
  }
}
