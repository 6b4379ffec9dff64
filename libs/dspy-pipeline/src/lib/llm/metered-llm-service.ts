import type { LlmService } from './llm-service';
import type { LlmBudget } from './llm-budget';
import type { LlmPriceTable } from './llm-prices';
import type { LlmRequestCache } from './llm-request-cache';
import { LlmUsageLedger } from './llm-usage-ledger';
import { MeteredAxService } from './metered-ax-service';

/** An {@link LlmService} whose requests are cached, counted, priced and budgeted. */
export interface MeteredLlmService extends LlmService {
  /** Every request of this service. */
  readonly usage: LlmUsageLedger;
  /** Whether the model has a price in the table (else costs are not known). */
  readonly priced: boolean;
}

/** Options of {@link meterLlmService}. */
export interface MeterLlmServiceOptions {
  /** The request cache; none: every request goes to the provider. */
  cache?: LlmRequestCache;
  /** Prices by model; the service's `model` is looked up. */
  prices?: LlmPriceTable;
  /** Shared by every service of one run. */
  budget?: LlmBudget;
}

/**
 * Wraps an LLM service's Ax service in a {@link MeteredAxService}. Only the CLI does this:
 * the API answers with the LLM directly and never reads the request cache.
 */
export function meterLlmService(
  llm: LlmService,
  options: MeterLlmServiceOptions,
): MeteredLlmService {
  const usage = new LlmUsageLedger();
  const price = options.prices?.models[llm.model];
  const ai = new MeteredAxService(llm.ai, {
    identity: {
      provider: llm.provider,
      model: llm.model,
      temperature: llm.temperature,
      maxTokens: llm.maxTokens,
      seed: llm.seed,
    },
    ledger: usage,
    ...(options.cache ? { cache: options.cache } : {}),
    ...(price ? { price } : {}),
    ...(options.budget ? { budget: options.budget } : {}),
  });
  return {
    ai,
    provider: llm.provider,
    model: llm.model,
    temperature: llm.temperature,
    seed: llm.seed,
    maxTokens: llm.maxTokens,
    stream: llm.stream,
    servedModel: () => llm.servedModel(),
    usage,
    priced: price !== undefined,
  };
}
