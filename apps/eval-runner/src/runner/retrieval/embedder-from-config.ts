import { axEmbedder, createLlmService, type Embedder, type LlmService } from '@cited/dspy-pipeline';
import { CliError } from '../../cli/cli-error';
import type { RunnerConfig } from '../../config/runner-config';

/**
 * The embedder of dense retrieval, built like the API does: Ax `ai.embed` over the configured
 * LLM provider (`CITED_LLM_PROVIDER`, `CITED_LLM_BASE_URL`, `CITED_LLM_API_KEY`) with
 * `CITED_EMBED_MODEL`. Undefined when `CITED_EMBED_MODEL` is unset (BM25 only). Unlike a silent
 * BM25 fallback, a model without a provider is refused: an index or a run would otherwise not
 * be what the configuration says.
 * @param llm an LLM service of the run to reuse (its HTTP limits); default: one from `config.llm`.
 */
export function embedderFromConfig(
  config: Pick<RunnerConfig, 'llm' | 'retrieval'>,
  llm?: LlmService | null,
): Embedder | undefined {
  const model = config.retrieval.embedModel;
  if (model === undefined) return undefined;
  if (config.llm === null)
    throw new CliError(
      'bad_input',
      `CITED_EMBED_MODEL is set ("${model}") but no LLM provider is configured: embeddings are served by the CITED_LLM_PROVIDER endpoint (with CITED_LLM_BASE_URL / CITED_LLM_API_KEY). Set CITED_LLM_PROVIDER, or unset CITED_EMBED_MODEL for BM25 only.`,
    );
  return axEmbedder((llm ?? createLlmService(config.llm)).ai, model);
}
