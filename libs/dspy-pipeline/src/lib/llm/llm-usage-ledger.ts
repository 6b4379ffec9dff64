import { AsyncLocalStorage } from 'node:async_hooks';

/** LLM requests counted by a ledger. */
export interface LlmUsageTotals {
  /** Requests sent to the provider (cache misses, or every request with no cache). */
  calls: number;
  /** Requests answered from the request cache. */
  cacheHits: number;
  /** Requests looked up in the cache and not found (sent). 0 without a cache. */
  cacheMisses: number;
  promptTokens: number;
  completionTokens: number;
  /** Dollars spent; requests served from the cache cost 0. */
  costUsd: number;
  /** Dollars the cache saved: what its hits cost when they were first made. */
  costSavedUsd: number;
  /** Requests of a model with no price (their cost is unknown, not 0). */
  unpricedRequests: number;
}

/** Counts LLM requests, tokens and dollars; {@link withUsageLedger} attributes requests to it. */
export class LlmUsageLedger {
  readonly totals: LlmUsageTotals = {
    calls: 0,
    cacheHits: 0,
    cacheMisses: 0,
    promptTokens: 0,
    completionTokens: 0,
    costUsd: 0,
    costSavedUsd: 0,
    unpricedRequests: 0,
  };

  /** Adds one request. */
  add(entry: Partial<LlmUsageTotals>): void {
    for (const [k, v] of Object.entries(entry) as [keyof LlmUsageTotals, number][])
      this.totals[k] += v;
  }
}

const scope = new AsyncLocalStorage<readonly LlmUsageLedger[]>();

/**
 * Runs `fn` with `ledger` added to the ledgers of the current async context: every request
 * made inside it (at any depth, concurrent ones included) is counted there too.
 */
export function withUsageLedger<T>(ledger: LlmUsageLedger, fn: () => Promise<T>): Promise<T> {
  return scope.run([...(scope.getStore() ?? []), ledger], fn);
}

/** The ledgers of the current async context. */
export function currentUsageLedgers(): readonly LlmUsageLedger[] {
  return scope.getStore() ?? [];
}
