import { z } from 'zod';
import { DspyPipelineError } from '../errors/dspy-pipeline-error';

/** Turns texts into embedding vectors (one per text, same order, same dimension). */
export interface Embedder {
  /** Model name, recorded in the persisted index so a mismatched query model is refused. */
  readonly model: string;
  embed(texts: readonly string[], signal?: AbortSignal): Promise<number[][]>;
}

/** The part of an Ax `AxAIService` that embeddings need (structural, so tests can pass doubles). */
export interface AxEmbedService {
  embed(
    req: { texts?: readonly string[]; embedModel?: string },
    options?: { abortSignal?: AbortSignal },
  ): Promise<{ embeddings: readonly (readonly number[])[] }>;
}

/** Embeddings through an Ax AI service (`ai.embed`). */
export function axEmbedder(ai: AxEmbedService, model: string): Embedder {
  return {
    model,
    async embed(texts, signal) {
      const res = await ai.embed(
        { texts, embedModel: model },
        signal ? { abortSignal: signal } : {},
      );
      return checkVectors(
        res.embeddings.map((v) => [...v]),
        texts.length,
        model,
      );
    },
  };
}

/** Options of {@link openAiCompatibleEmbedder}. */
export interface OpenAiEmbedderOptions {
  /** Base URL ending before `/embeddings`, e.g. `http://127.0.0.1:8080/v1`. */
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** Texts per request. Default 64. */
  batchSize?: number;
  fetch?: typeof fetch;
}

const embeddingsResponseSchema = z.object({
  data: z.array(z.object({ index: z.number().int().min(0), embedding: z.array(z.number()) })),
});

/** Embeddings from any OpenAI-compatible `POST /embeddings` endpoint. */
export function openAiCompatibleEmbedder(options: OpenAiEmbedderOptions): Embedder {
  const doFetch = options.fetch ?? fetch;
  const url = `${options.baseUrl.replace(/\/+$/, '')}/embeddings`;
  const batchSize = options.batchSize ?? 64;
  return {
    model: options.model,
    async embed(texts, signal) {
      const out: number[][] = [];
      for (let i = 0; i < texts.length; i += batchSize) {
        const input = texts.slice(i, i + batchSize);
        let res: Response;
        try {
          res = await doFetch(url, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
            },
            body: JSON.stringify({ model: options.model, input }),
            ...(signal ? { signal } : {}),
          });
        } catch (cause) {
          throw new DspyPipelineError('index_error', 'embeddings endpoint unreachable', {
            where: url,
            cause,
          });
        }
        if (!res.ok)
          throw new DspyPipelineError(
            'index_error',
            `embeddings endpoint answered HTTP ${res.status}`,
            {
              where: url,
              fix: 'Check the embedding model name and the endpoint URL.',
            },
          );
        const parsed = embeddingsResponseSchema.safeParse(await res.json());
        if (!parsed.success)
          throw new DspyPipelineError(
            'index_error',
            'embeddings response has no data[].embedding',
            { where: url },
          );
        const sorted = [...parsed.data.data].sort((a, b) => a.index - b.index);
        out.push(...sorted.map((d) => d.embedding));
      }
      return checkVectors(out, texts.length, options.model);
    },
  };
}

function checkVectors(vectors: number[][], expected: number, model: string): number[][] {
  const dim = vectors[0]?.length ?? 0;
  if (vectors.length !== expected || vectors.some((v) => v.length !== dim || dim === 0))
    throw new DspyPipelineError(
      'index_error',
      `embedding model "${model}" returned ${vectors.length} vectors for ${expected} texts (or vectors of unequal size)`,
    );
  return vectors;
}
