import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import {
  EmbeddedIndex,
  QdrantRetriever,
  chunkDocuments,
  hasStoredIndex,
  readDocuments,
  readStoredChunks,
  type Chunk,
  type Embedder,
} from '@cited/dspy-pipeline';
import { CliError } from '../cli/cli-error';
import { withJson, type ActionRunner } from './command-context';
import { markRequiredOptions } from '../cli/required-options';
import type { CommandOutput } from '../cli/command-output';
import { nonNegativeInt, parseOptions, positiveInt } from '../cli/option-parsers';
import { embedderFromConfig } from '../runner/retrieval/embedder-from-config';
import { writeIngestRecord } from '../runner/retrieval/ingest-record';
import { chunksDigest, storedIndexVersion } from '../runner/retrieval/retriever-setup';
import { ProgressBar } from '../runner/shared/progress-bar';

/** Options of `ingest`. */
export const ingestOptionsSchema = z
  .object({
    corpus: z.string().min(1),
    index: z.string().min(1).optional(),
    qdrantUrl: z
      .url({ protocol: /^https?$/, error: '--qdrant-url must be an http(s) URL' })
      .optional(),
    collection: z.string().min(1).max(255).optional(),
    tenant: z.string().min(1).default('default'),
    chunkSize: positiveInt('--chunk-size').default(800),
    chunkOverlap: nonNegativeInt('--chunk-overlap').default(100),
    json: z.boolean().default(false),
  })
  .refine((o) => !o.collection || o.qdrantUrl, {
    message: '--collection needs --qdrant-url',
    path: ['collection'],
  });

/** What `ingest` did. */
export interface IngestResult {
  corpus: string;
  target:
    | { kind: 'embedded'; index: string; indexVersion: string }
    | { kind: 'qdrant'; url: string; collection: string };
  tenant: string;
  /** Embedding model of the dense vectors (`CITED_EMBED_MODEL`); null: BM25 only. */
  embedModel: string | null;
  documents: number;
  chunks: number;
  seconds: number;
}

/** Chunks and indexes a corpus into the embedded index (default) or a Qdrant collection. */
export async function ingestCorpus(
  options: {
    corpus: string;
    index: string;
    tenant: string;
    chunkSize: number;
    chunkOverlap: number;
    qdrant?: { url: string; collection: string; apiKey?: string };
    /** Dense vectors too (`CITED_EMBED_MODEL`); default BM25 only. */
    embedder?: Embedder | undefined;
  },
  out: CommandOutput,
): Promise<IngestResult> {
  const t0 = performance.now();
  const { embedder } = options;
  const embedModel = embedder?.model ?? null;
  if (!existsSync(options.corpus))
    throw new CliError(
      'bad_input',
      `corpus not found: ${options.corpus}. Pass a folder of .md/.txt files or a .jsonl of documents ({"id","title","text","metadata"} per line).`,
    );
  const documents = await readDocuments(options.corpus);
  const bar = new ProgressBar(out.progressStream, 'chunking', documents.length);
  const chunks: Chunk[] = [];
  const batch = 50;
  for (let i = 0; i < documents.length; i += batch) {
    const part = documents.slice(i, i + batch);
    chunks.push(
      ...(await chunkDocuments(part, {
        chunkSize: options.chunkSize,
        chunkOverlap: options.chunkOverlap,
        tenantId: options.tenant,
      })),
    );
    bar.tick(part.length);
  }
  bar.finish(`${chunks.length} chunks`);
  if (options.qdrant) {
    const q = new QdrantRetriever({
      url: options.qdrant.url,
      collection: options.qdrant.collection,
      ...(options.qdrant.apiKey ? { apiKey: options.qdrant.apiKey } : {}),
      ...(embedder ? { embedder } : {}),
    });
    // Without an embedder the collection is sparse only; with one, `upsert` creates it with
    // the dense vector size of the first batch.
    if (!embedder) await q.ensureCollection();
    const up = new ProgressBar(out.progressStream, 'uploading', chunks.length);
    for (let i = 0; i < chunks.length; i += 512) {
      const part = chunks.slice(i, i + 512);
      await q.upsert(part);
      up.tick(part.length);
    }
    up.finish();
    return {
      corpus: options.corpus,
      target: { kind: 'qdrant', url: options.qdrant.url, collection: options.qdrant.collection },
      tenant: options.tenant,
      embedModel,
      documents: documents.length,
      chunks: chunks.length,
      seconds: (performance.now() - t0) / 1000,
    };
  }
  // Re-ingesting one tenant keeps the other tenants' chunks of an existing index.
  let kept: Chunk[] = [];
  if (hasStoredIndex(resolve(options.index))) {
    try {
      kept = (await readStoredChunks(options.index)).filter((c) => c.tenantId !== options.tenant);
    } catch {
      kept = [];
      out.note(`the existing index in ${options.index} could not be read: it is replaced.`);
    }
  }
  out.note(
    `indexing ${chunks.length} chunks${kept.length ? ` (+${kept.length} of other tenants)` : ''}${embedder ? `, embedding with ${embedder.model}` : ''} …`,
  );
  // Kept chunks are embedded again: the vectors of one index all come from one model.
  const index = await EmbeddedIndex.build([...kept, ...chunks], embedder ? { embedder } : {});
  await index.save(options.index);
  const indexVersion = storedIndexVersion(options.index);
  await writeIngestRecord(options.index, {
    corpus: options.corpus,
    documents: documents.length,
    chunks: chunks.length,
    chunkSize: options.chunkSize,
    chunkOverlap: options.chunkOverlap,
    tenant: options.tenant,
    indexVersion: `${indexVersion}:${chunksDigest(chunks)}`,
    ...(embedModel ? { embedModel } : {}),
    createdAt: new Date().toISOString(),
  });
  return {
    corpus: options.corpus,
    target: { kind: 'embedded', index: options.index, indexVersion },
    tenant: options.tenant,
    embedModel,
    documents: documents.length,
    chunks: chunks.length,
    seconds: (performance.now() - t0) / 1000,
  };
}

/** `ingest`: chunk and index a corpus. */
export function registerIngestCommand(program: Command, run: ActionRunner): void {
  const cmd = withJson(program.command('ingest'))
    .description('chunk and index a corpus into the embedded index (or a Qdrant collection)')
    .option('--corpus <path>', 'folder of .md/.txt files, or a .jsonl of documents')
    .option('--index <dir>', 'embedded index directory (default: CITED_INDEX_DIR, .cited/index)')
    .option('--qdrant-url <url>', 'index into this Qdrant server instead')
    .option('--collection <name>', 'Qdrant collection (default: cited)')
    .option('--tenant <tenant>', 'tenant the documents belong to (default: default)')
    .option('--chunk-size <chars>', 'maximum chunk length (default: 800)')
    .option('--chunk-overlap <chars>', 'characters shared by consecutive chunks (default: 100)')
    .action(
      run(async (ctx, { opts }) => {
        const o = parseOptions(ingestOptionsSchema, opts);
        const config = ctx.config();
        const result = await ingestCorpus(
          {
            corpus: o.corpus,
            index: resolve(o.index ?? config.retrieval.indexDir),
            tenant: o.tenant,
            chunkSize: o.chunkSize,
            chunkOverlap: o.chunkOverlap,
            embedder: embedderFromConfig(config),
            ...(o.qdrantUrl
              ? {
                  qdrant: {
                    url: o.qdrantUrl,
                    collection: o.collection ?? 'cited',
                    ...(config.retrieval.qdrantApiKey
                      ? { apiKey: config.retrieval.qdrantApiKey }
                      : {}),
                  },
                }
              : {}),
          },
          ctx.out,
        );
        const where =
          result.target.kind === 'embedded'
            ? `index ${result.target.index}`
            : `Qdrant collection ${result.target.collection}`;
        const dense = result.embedModel ? `, embedded with ${result.embedModel}` : ', BM25 only';
        ctx.out.human(
          `ingested ${result.documents} documents → ${result.chunks} chunks into ${where} (tenant ${result.tenant}${dense}) in ${result.seconds.toFixed(2)} s`,
        );
        ctx.out.result({ ok: true, ...result });
      }),
    );
  markRequiredOptions(cmd, ingestOptionsSchema);
}
