import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  DatasetManifestError,
  formatIssue,
  importSquad,
  validateDataset,
  type SquadFormat,
  type SquadImport,
} from '@cited/dataset-manifest';
import { parseJsonlDocuments } from '@cited/dspy-pipeline';
import { CliError } from '../../cli/cli-error';

/** The file names `dataset import` writes into `--out`. */
export const IMPORT_FILES = { corpus: 'corpus.jsonl', dataset: 'qa.jsonl' } as const;

/** What `dataset import` wrote. */
export interface ImportOutcome {
  paths: { corpus: string; dataset: string };
  counts: SquadImport['counts'];
}

const jsonl = (values: readonly unknown[]): string =>
  values.map((v) => JSON.stringify(v)).join('\n') + '\n';

/**
 * Reads a SQuAD JSON file, converts it (`importSquad`), writes `corpus.jsonl` and `qa.jsonl`
 * into `outDir` and validates both before they replace anything: each is written to a temporary
 * file, checked (the dataset with `validateDataset`, the corpus with the ingest parser), and only
 * then renamed into place, so a failed import leaves no half-written output.
 * @throws DatasetManifestError `invalid_json` (not JSON) or `invalid_row` (the JSON path of the
 * first bad element); CliError `bad_input` when the written files fail validation.
 */
export async function importSquadFiles(
  file: string,
  format: SquadFormat,
  outDir: string,
): Promise<ImportOutcome> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new DatasetManifestError('file_not_found', `cannot read ${file}`, {
      where: file,
      fix: 'Pass the path of a SQuAD JSON file.',
      cause,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new DatasetManifestError(
      'invalid_json',
      `not valid JSON (${cause instanceof Error ? cause.message : String(cause)})`,
      { where: `${file}:$`, fix: 'Pass a SQuAD JSON file (one JSON object).' },
    );
  }
  let imported: SquadImport;
  try {
    imported = importSquad(value, format);
  } catch (error) {
    if (DatasetManifestError.isInstance(error))
      throw new DatasetManifestError(error.code, error.message, { where: file, cause: error });
    throw error;
  }
  await mkdir(outDir, { recursive: true });
  const paths = {
    corpus: join(outDir, IMPORT_FILES.corpus),
    dataset: join(outDir, IMPORT_FILES.dataset),
  };
  const tag = `${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const tmp = { corpus: `${paths.corpus}.${tag}`, dataset: `${paths.dataset}.${tag}` };
  try {
    const corpusText = jsonl(imported.documents);
    await writeFile(tmp.corpus, corpusText);
    await writeFile(tmp.dataset, jsonl(imported.rows));
    parseJsonlDocuments(corpusText, paths.corpus);
    const report = await validateDataset(tmp.dataset, { maxIssues: 1 });
    if (!report.ok)
      throw new CliError(
        'bad_input',
        `the imported dataset does not validate: ${report.issues[0] ? formatIssue(paths.dataset, report.issues[0]) : 'unknown problem'}`,
      );
    await rename(tmp.corpus, paths.corpus);
    await rename(tmp.dataset, paths.dataset);
  } finally {
    await rm(tmp.corpus, { force: true });
    await rm(tmp.dataset, { force: true });
  }
  return { paths, counts: imported.counts };
}
