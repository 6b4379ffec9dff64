import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DatasetManifestError, loadDatasetRows, type DatasetRow } from '@cited/dataset-manifest';
import { DspyPipelineError } from '../errors/dspy-pipeline-error';
import { chunkDocuments, type ChunkOptions } from '../ingest/chunk-documents';
import { readDocuments } from '../ingest/read-documents';
import type { Chunk, SourceDocument } from '../ingest/source-document';

/** Path of the bundled assets inside the repository. */
const REPO_RELATIVE = join('libs', 'dspy-pipeline', 'assets');
const MARKER = join('corpus', 'security-deposit-limits.md');

/** Relative paths of the bundled corpus and dataset inside an assets directory. */
export const BUNDLED_CORPUS_DIR = 'corpus';
export const BUNDLED_DATASET_FILE = join('datasets', 'rental-qa.jsonl');

function isAssetsDir(dir: string): boolean {
  return existsSync(join(dir, MARKER));
}

function walkUp(from: string): string[] {
  const out: string[] = [];
  let dir = resolve(from);
  for (;;) {
    out.push(join(dir, REPO_RELATIVE), join(dir, 'assets'));
    const parent = dirname(dir);
    if (parent === dir) return out;
    dir = parent;
  }
}

/**
 * Finds the bundled assets directory. Tried in order: `explicit`; then, walking up from this
 * module's directory and from `cwd`, `<dir>/libs/dspy-pipeline/assets` and `<dir>/assets`. This
 * works from source (ts-jest), from `dist/libs/dspy-pipeline` and from a webpack bundle in
 * `dist/apps/<app>/main.js` run inside the repository (or with assets copied next to it).
 * @throws DspyPipelineError `invalid_config` listing where it looked.
 */
export function resolveBundledAssetsDir(explicit?: string, cwd: string = process.cwd()): string {
  const candidates = explicit ? [explicit] : [...walkUp(__dirname), ...walkUp(cwd)];
  const found = candidates.find(isAssetsDir);
  if (found) return found;
  throw new DspyPipelineError('invalid_config', 'bundled sample assets not found', {
    where: explicit ?? `searched from ${__dirname} and ${cwd}`,
    fix: `Pass the directory that holds ${MARKER} (libs/dspy-pipeline/assets in the repository).`,
  });
}

/** Options of {@link loadBundledCorpus}. */
export interface BundledCorpusOptions extends ChunkOptions {
  /** Assets directory; default: {@link resolveBundledAssetsDir}. */
  assetsDir?: string;
}

/** The bundled rental-property corpus, read and chunked. */
export async function loadBundledCorpus(
  options: BundledCorpusOptions = {},
): Promise<{ assetsDir: string; documents: SourceDocument[]; chunks: Chunk[] }> {
  const assetsDir = resolveBundledAssetsDir(options.assetsDir);
  const documents = await readDocuments(join(assetsDir, BUNDLED_CORPUS_DIR));
  const { assetsDir: _a, ...chunkOptions } = options;
  const chunks = await chunkDocuments(documents, chunkOptions);
  return { assetsDir, documents, chunks };
}

/**
 * Reads a JSONL question set in the dataset-manifest format through `@cited/dataset-manifest`'s
 * own reader (`loadDatasetRows`), the one every command uses: the same rules as
 * `dataset validate` and `manifest` (a UTF-8 byte-order mark accepted, blank lines skipped,
 * unique ids, at least one row).
 * @throws DspyPipelineError `invalid_input` naming `file:line` of the first bad line.
 */
export async function readQaDataset(file: string): Promise<DatasetRow[]> {
  try {
    return await loadDatasetRows(file);
  } catch (cause) {
    if (!DatasetManifestError.isInstance(cause)) throw cause;
    throw new DspyPipelineError('invalid_input', cause.message, {
      where: cause.where ?? file,
      cause,
    });
  }
}

/** The bundled question set (`assets/datasets/rental-qa.jsonl`), optionally one split. */
export async function loadBundledDataset(
  options: { assetsDir?: string; split?: string } = {},
): Promise<DatasetRow[]> {
  const rows = await readQaDataset(
    join(resolveBundledAssetsDir(options.assetsDir), BUNDLED_DATASET_FILE),
  );
  return options.split ? rows.filter((r) => r.split === options.split) : rows;
}

/** Gold answers of a row: `answer` plus `metadata.answers`, without duplicates. */
export function goldAnswersOf(row: DatasetRow): string[] {
  return [...new Set([row.answer, ...(row.metadata?.answers ?? [])])];
}

/** Gold source document ids of a row (`metadata.source_ids`; empty: unanswerable). */
export function goldSourceIdsOf(row: DatasetRow): string[] {
  return row.metadata?.source_ids ?? [];
}
