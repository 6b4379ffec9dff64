import type { AxAIService } from '@ax-llm/ax';

/** Latency samples Ax keeps per service after {@link capAxLatencySamples}. */
export const AX_LATENCY_SAMPLE_CAP = 64;

type LatencyStats = { samples?: unknown };
type WithMetrics = { metrics?: { latency?: Record<string, LatencyStats | undefined> } };

/**
 * Caps the latency history Ax 24 keeps for `getMetrics()`. After every call it pushes the
 * latency into a list of up to 1000 samples and sorts a copy twice (p95, p99): about 0.3 ms
 * of CPU per LLM call once the list is full (bench/pipeline), i.e. a large share of the
 * pipeline's per-question budget. With the cap, the percentiles cover the last 64 calls.
 * Ax keeps this state in non-public fields (`ai.metrics.latency.{chat,embed}.samples` of
 * the provider behind `ai()`); when they are not where expected, nothing is changed.
 * @returns whether the cap was installed.
 */
export function capAxLatencySamples(
  service: AxAIService,
  cap: number = AX_LATENCY_SAMPLE_CAP,
): boolean {
  let installed = false;
  for (const holder of [service as unknown as WithMetrics, innerOf(service)]) {
    const latency = holder?.metrics?.latency;
    if (!latency) continue;
    for (const stats of Object.values(latency)) {
      if (!stats || !Array.isArray(stats.samples)) continue;
      stats.samples = boundedArray(stats.samples as number[], cap);
      installed = true;
    }
  }
  return installed;
}

function innerOf(service: AxAIService): WithMetrics | undefined {
  const inner = (service as unknown as { ai?: unknown }).ai;
  return typeof inner === 'object' && inner !== null ? (inner as WithMetrics) : undefined;
}

/** A plain array whose `push` drops the oldest entries beyond `cap`. */
function boundedArray(initial: readonly number[], cap: number): number[] {
  const arr = initial.slice(-cap);
  // Not enumerable: Ax's getMetrics() structured-clones the metrics, and a function
  // property would make that throw.
  Object.defineProperty(arr, 'push', {
    enumerable: false,
    value(this: number[], ...items: number[]): number {
      Array.prototype.push.apply(this, items);
      if (this.length > cap) this.splice(0, this.length - cap);
      return this.length;
    },
  });
  return arr;
}
