import { z } from 'zod';
import { DspyPipelineError } from '../errors/dspy-pipeline-error';

/** Price of one model in US dollars per million tokens. */
export const llmModelPriceSchema = z.strictObject({
  /** Prompt tokens not served from the provider's prompt cache. */
  input: z.number().min(0),
  /** Completion tokens (reasoning tokens included, as providers bill them). */
  output: z.number().min(0),
  /** Prompt tokens the provider served from its prompt cache. Default: `input`. */
  cachedInput: z.number().min(0).optional(),
});

/** One model's price. */
export type LlmModelPrice = z.infer<typeof llmModelPriceSchema>;

/**
 * A price table (the file `CITED_LLM_PRICES` names): `{ "currency": "USD", "updated":
 * "2026-12-01", "models": { "<model as configured>": { "input": 0.15, "output": 0.6,
 * "cachedInput": 0.075 } } }`, prices per million tokens.
 */
export const llmPriceTableSchema = z.strictObject({
  currency: z.literal('USD'),
  /** When the prices were copied from the providers' price pages (YYYY-MM-DD). */
  updated: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'),
  models: z.record(z.string().min(1), llmModelPriceSchema),
});

/** A price table. */
export type LlmPriceTable = z.infer<typeof llmPriceTableSchema>;

/**
 * Parses a price table file's text.
 * @throws DspyPipelineError `invalid_config` naming `where` (the file) and the field path.
 */
export function parseLlmPriceTable(text: string, where: string): LlmPriceTable {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new DspyPipelineError(
      'invalid_config',
      `${where} is not JSON (${(error as Error).message}).`,
      {
        where,
        fix: 'Write the price table as JSON: { "currency": "USD", "updated": "YYYY-MM-DD", "models": { … } }.',
      },
    );
  }
  const parsed = llmPriceTableSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.length ? issue.path.join('.') : '(root)';
    throw new DspyPipelineError(
      'invalid_config',
      `${where}: ${path}: ${issue?.message ?? 'invalid'}.`,
      {
        where: `${where}:${path}`,
        fix: 'See docs/configuration.md (CITED_LLM_PRICES) for the shape.',
      },
    );
  }
  return parsed.data;
}

/** Token counts of one LLM request, as the provider reported them. */
export interface RequestTokens {
  promptTokens: number;
  completionTokens: number;
  /** Prompt tokens served from the provider's own prompt cache. */
  cacheReadTokens?: number;
}

/** What one request costs at `price`, in US dollars. */
export function requestCostUsd(price: LlmModelPrice, tokens: RequestTokens): number {
  const cached = Math.min(tokens.cacheReadTokens ?? 0, tokens.promptTokens);
  return (
    ((tokens.promptTokens - cached) * price.input +
      cached * (price.cachedInput ?? price.input) +
      tokens.completionTokens * price.output) /
    1_000_000
  );
}
