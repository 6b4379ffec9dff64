import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseLlmPriceTable, type LlmPriceTable } from '@cited/dspy-pipeline';
import { z } from 'zod';
import { CliError } from '../cli/cli-error';

/** Where the CLI's LLM request cache lives and how large it may grow; the price table. */
export interface LlmUsageConfig {
  /** `CITED_LLM_CACHE_DIR`, default `.cited/cache/llm` (relative to the working directory). */
  cacheDir: string;
  /** `CITED_LLM_CACHE_MAX_MB` (default 256) in bytes. */
  cacheMaxBytes: number;
  /** The table `CITED_LLM_PRICES` names, or null when unset. */
  prices: LlmPriceTable | null;
  /** The file the prices were read from. */
  pricesFile: string | null;
}

const envSchema = z.object({
  CITED_LLM_CACHE_DIR: z.string().min(1).default('.cited/cache/llm'),
  CITED_LLM_CACHE_MAX_MB: z
    .string()
    .regex(/^[1-9]\d*$/, 'must be a positive whole number of megabytes')
    .transform(Number)
    .default(256),
  CITED_LLM_PRICES: z.string().min(1).optional(),
});

/**
 * Reads `CITED_LLM_CACHE_DIR`, `CITED_LLM_CACHE_MAX_MB` and `CITED_LLM_PRICES` (a JSON price
 * table file, read and validated here, once).
 * @throws CliError `bad_input` naming the variable, or the file and field of a bad price.
 */
export function llmUsageConfigFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): LlmUsageConfig {
  const pick = (name: string) => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const parsed = envSchema.safeParse({
    CITED_LLM_CACHE_DIR: pick('CITED_LLM_CACHE_DIR'),
    CITED_LLM_CACHE_MAX_MB: pick('CITED_LLM_CACHE_MAX_MB'),
    CITED_LLM_PRICES: pick('CITED_LLM_PRICES'),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliError(
      'bad_input',
      `${String(issue?.path[0])} is invalid: ${issue?.message ?? 'bad value'}.`,
    );
  }
  const e = parsed.data;
  let prices: LlmPriceTable | null = null;
  if (e.CITED_LLM_PRICES) {
    let text: string;
    try {
      text = readFileSync(e.CITED_LLM_PRICES, 'utf8');
    } catch (error) {
      throw new CliError(
        'bad_input',
        `CITED_LLM_PRICES: cannot read ${e.CITED_LLM_PRICES} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
      );
    }
    try {
      prices = parseLlmPriceTable(text, e.CITED_LLM_PRICES);
    } catch (error) {
      throw new CliError('bad_input', `CITED_LLM_PRICES: ${(error as Error).message}`);
    }
  }
  return {
    cacheDir: resolve(e.CITED_LLM_CACHE_DIR),
    cacheMaxBytes: e.CITED_LLM_CACHE_MAX_MB * 1024 * 1024,
    prices,
    pricesFile: e.CITED_LLM_PRICES ?? null,
  };
}
