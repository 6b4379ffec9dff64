import { setFlagsFromString } from 'node:v8';

/**
 * Sets V8's old-generation growing factor to `1 + percent / 100` of the heap live after the last
 * full GC (`--heap-growing-percent`); 0 leaves V8's own heuristic. Returns the flag it set, or
 * null.
 *
 * Why: an answer that waits on the LLM keeps its prompt, request body and HTTP client objects
 * alive across scavenges, so ~30 KB of every such request is promoted and dies in the old
 * generation. V8's default factor for a server heap (up to 4×) let that garbage pile up from
 * the ~65 MB live set to ~215 MB before each mark-compact: RSS swung by 30–100 MB every ~12 s
 * under load (bench `api (b)`). At 50% the heap is collected near its live size: RSS stays
 * flat, ~100 MB lower, at the same CPU per request (`docs/benchmarks.md`, `## api`).
 * The factor is read by V8 whenever it recomputes the heap limit, so setting it at start-up
 * (before the server takes traffic) is enough. Process-wide: only `main.ts` calls it.
 */
export function tuneHeap(percent: number): string | null {
  if (!Number.isInteger(percent) || percent < 0) {
    throw new RangeError(`heap growing percent must be a non-negative integer, got ${percent}`);
  }
  if (percent === 0) return null;
  const flag = `--heap-growing-percent=${percent}`;
  setFlagsFromString(flag);
  return flag;
}
