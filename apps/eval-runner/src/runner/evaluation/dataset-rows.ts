import { readQaDataset } from '@cited/dspy-pipeline';
import type { DatasetRow } from '@cited/dataset-manifest';
import { CliError } from '../../cli/cli-error';
import type { DatasetSelection } from './evaluation-plan';

/**
 * Reads the rows a selection names: the split filter (comma-separated splits), then the limit.
 * @throws CliError `bad_input` when no row is left.
 */
export async function selectRows(selection: DatasetSelection): Promise<DatasetRow[]> {
  const { file, split, limit } = selection;
  let rows = await readQaDataset(file);
  if (split) {
    const splits = new Set(
      split
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );
    rows = rows.filter((r) => splits.has(r.split));
    if (rows.length === 0)
      throw new CliError('bad_input', `no rows of split ${[...splits].join(', ')} in ${file}.`);
  }
  if (limit !== undefined) rows = rows.slice(0, limit);
  if (rows.length === 0) throw new CliError('bad_input', `${file} has no rows to evaluate.`);
  return rows;
}
