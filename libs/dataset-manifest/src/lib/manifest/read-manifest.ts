import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DatasetManifestError } from '../errors/dataset-manifest-error';
import { formatFieldPath } from '../schema/format-zod-issue';
import { datasetManifestSchema, type DatasetManifest } from './dataset-manifest.schema';
import { MANIFEST_FILE } from './create-dataset-manifest';

/**
 * Reads and validates a `manifest.json` (pass the file or the directory holding it).
 *
 * @throws DatasetManifestError `file_not_found`, `invalid_json` or `invalid_config` (a field is wrong).
 */
export async function readDatasetManifest(path: string): Promise<DatasetManifest> {
  let file = path;
  let text: string;
  try {
    if ((await stat(path)).isDirectory()) file = join(path, MANIFEST_FILE);
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new DatasetManifestError('file_not_found', 'cannot read the manifest', {
      where: file,
      fix: 'Run `eval-runner dataset manifest <file.jsonl> --out <dir>` first.',
      cause: error,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new DatasetManifestError('invalid_json', 'the manifest is not valid JSON', {
      where: file,
    });
  }
  const parsed = datasetManifestSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DatasetManifestError(
      'invalid_config',
      `field "${issue ? formatFieldPath(issue.path) : '?'}": ${issue?.message ?? 'invalid'}`,
      { where: file, fix: 'Regenerate the manifest with `eval-runner dataset manifest`.' },
    );
  }
  return parsed.data;
}
