import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import {
  EmbeddedIndex,
  INDEX_FORMAT_VERSION,
  chunkDocuments,
  readDocuments,
  type Chunk,
  type ProgramRetriever,
  type Retriever,
  type SourceDocument,
} from '@cited/dspy-pipeline';
import { CliError } from '../cli/cli-error';

/** What `ingest` records next to an embedded index (chunking is not part of the index itself). */
export const ingestRecordSchema = z.object({
  corpus: z.string(),
  documents: z.number().int().min(0),
  chunks: z.number().int().min(0),
  chunkSize: z.number().int().positive(),
  chunkOverlap: z.number().int().min(0),
  tenant: z.string(),
  indexVersion: z.string(),
  createdAt: z.string(),
});

/** The ingest record of an index directory. */
export type IngestRecord = z.infer<typeof ingestRecordSchema>;

/** File name of the ingest record inside an index directory. */
export const INGEST_RECORD_FILE = 'ingest.json';

/** A retriever ready for evaluation and how it was built (logged as params). */
export interface RetrieverSetup {
  retriever: Retriever;
  config: ProgramRetriever;
  /** `--index <dir>` or `--corpus <path>`. */
  location: string;
}

/** Reads and chunks a corpus (a folder of .md/.txt, or a .jsonl of documents). */
export async function loadCorpus(
  corpus: string,
  options: { chunkSize: number; chunkOverlap: number; tenantId: string },
): Promise<{ documents: SourceDocument[]; chunks: Chunk[] }> {
  if (!existsSync(corpus))
    throw new CliError(
      'bad_input',
      `corpus not found: ${corpus}. Pass a folder of .md/.txt files or a .jsonl of documents.`,
    );
  const documents = await readDocuments(corpus);
  const chunks = await chunkDocuments(documents, options);
  return { documents, chunks };
}

/** A short digest of chunk ids and texts: the version of an in-memory index. */
export function chunksDigest(chunks: readonly Chunk[]): string {
  const h = createHash('sha256');
  for (const c of chunks) h.update(`${c.tenantId}\u0000${c.id}\u0000${c.text}\u0001`);
  return h.digest('hex').slice(0, 12);
}

/** The version of a stored index: its format version and active generation. */
export function storedIndexVersion(dir: string): string {
  let generation = 'unknown';
  try {
    generation = readFileSync(join(dir, 'CURRENT'), 'utf8').trim() || generation;
  } catch {
    // An index without CURRENT fails to load anyway; the version is informative only.
  }
  return `v${INDEX_FORMAT_VERSION}:${generation}`;
}

/** Reads the ingest record of an index directory, if `ingest` wrote one. */
export function readIngestRecord(dir: string): IngestRecord | undefined {
  try {
    const parsed = ingestRecordSchema.safeParse(
      JSON.parse(readFileSync(join(dir, INGEST_RECORD_FILE), 'utf8')),
    );
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the ingest record atomically. */
export async function writeIngestRecord(dir: string, record: IngestRecord): Promise<void> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, INGEST_RECORD_FILE);
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, `${JSON.stringify(record, null, 2)}\n`);
  await rename(tmp, file);
}

/**
 * The embedded retriever an evaluation uses: built in memory from `--corpus`, or loaded from
 * `--index` (default `CITED_INDEX_DIR`). `k` and chunking come from the program unless the
 * index records the chunking it was built with.
 */
export async function setupRetriever(options: {
  corpus?: string;
  indexDir: string;
  program: ProgramRetriever;
  tenantId: string;
}): Promise<RetrieverSetup> {
  const { program } = options;
  if (options.corpus) {
    const { chunks } = await loadCorpus(options.corpus, {
      chunkSize: program.chunkSize,
      chunkOverlap: program.chunkOverlap,
      tenantId: options.tenantId,
    });
    const retriever = await EmbeddedIndex.build(chunks);
    return {
      retriever,
      location: options.corpus,
      config: { ...program, kind: 'embedded-bm25', indexVersion: `corpus:${chunksDigest(chunks)}` },
    };
  }
  const dir = options.indexDir;
  if (!existsSync(join(dir, 'CURRENT')))
    throw new CliError(
      'bad_input',
      `no index in ${dir}. Build one with \`eval-runner ingest --corpus <dir> --index ${dir}\`, or pass --corpus <dir> to index in memory.`,
    );
  const retriever = await EmbeddedIndex.load(dir);
  const record = readIngestRecord(dir);
  return {
    retriever,
    location: dir,
    config: {
      ...program,
      kind: 'embedded-bm25',
      chunkSize: record?.chunkSize ?? program.chunkSize,
      chunkOverlap: record?.chunkOverlap ?? program.chunkOverlap,
      indexVersion: storedIndexVersion(dir),
    },
  };
}
