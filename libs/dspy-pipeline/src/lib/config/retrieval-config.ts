import { z } from 'zod';
import { parseEnvConfig, readEnv, type EnvSource } from './env-reader';

/** Where the retrieval index lives and how it is queried. */
export const retrievalEnvConfigSchema = z.object({
  /** Directory of the embedded (BM25 + optional dense) index. */
  indexDir: z.string().min(1).default('.cited/index'),
  /** Embedding model for dense retrieval; unset: BM25 only. */
  embedModel: z.string().min(1).optional(),
  /** Qdrant server; unset: the embedded index. */
  qdrantUrl: z.url({ protocol: /^https?$/ }).optional(),
  qdrantApiKey: z.string().min(1).optional(),
});

/** Validated retrieval settings. */
export type RetrievalEnvConfig = z.infer<typeof retrievalEnvConfigSchema>;

/**
 * Reads `CITED_INDEX_DIR`, `CITED_EMBED_MODEL`, `QDRANT_URL` and `QDRANT_API_KEY`.
 * @throws DspyPipelineError `invalid_config` naming the variable at fault.
 */
export function retrievalConfigFromEnv(env: EnvSource): RetrievalEnvConfig {
  return parseEnvConfig(
    retrievalEnvConfigSchema,
    {
      indexDir: readEnv(env, 'CITED_INDEX_DIR'),
      embedModel: readEnv(env, 'CITED_EMBED_MODEL'),
      qdrantUrl: readEnv(env, 'QDRANT_URL'),
      qdrantApiKey: readEnv(env, 'QDRANT_API_KEY'),
    },
    {
      indexDir: 'CITED_INDEX_DIR',
      embedModel: 'CITED_EMBED_MODEL',
      qdrantUrl: 'QDRANT_URL',
      qdrantApiKey: 'QDRANT_API_KEY',
    },
  );
}
