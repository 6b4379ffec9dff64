import { z } from 'zod';
import { DatasetManifestError } from '../errors/dataset-manifest-error';
import { MIB } from '../manifest/manifest-options';
import { parseOptions } from '../manifest/parse-options';
import type { DatasetRow } from '../schema/dataset-row.schema';
import { formatIssue, type DatasetIssue } from '../scan/dataset-issue';
import { FileLineSource } from '../scan/file-line-source';
import { LineSplitter } from '../scan/line-splitter';
import { PooledFileReader } from '../scan/pooled-file-reader';
import { RowValidator } from '../scan/row-validator';
import { statDataset } from '../scan/scan-dataset';

/** Options of {@link readDataset} and {@link loadDatasetRows}. */
export const readDatasetOptionsSchema = z.object({
  /** Only rows of this split (all rows are still validated). */
  split: z.string().min(1).optional(),
  /** Longest accepted line, in bytes. */
  maxLineBytes: z
    .number()
    .int()
    .positive()
    .default(16 * MIB),
});

/** Options accepted by {@link readDataset} and {@link loadDatasetRows}. */
export type ReadDatasetOptions = z.input<typeof readDatasetOptionsSchema>;

function toError(file: string, issue: DatasetIssue): DatasetManifestError {
  return new DatasetManifestError(issue.code, formatIssue(file, issue), {
    where: issue.line === undefined ? file : `${file}:${issue.line}`,
    fix: `Run \`eval-runner dataset validate ${file}\` to list every problem.`,
  });
}

/**
 * Streams the validated rows of a JSONL dataset, in file order, with constant memory (apart from
 * the id index). The first problem throws a {@link DatasetManifestError} naming file:line and field,
 * so a caller never sees rows from an invalid file beyond that line.
 */
export async function* readDataset(
  file: string,
  options: ReadDatasetOptions = {},
): AsyncGenerator<DatasetRow, void, undefined> {
  const o = parseOptions(readDatasetOptionsSchema, options);
  await statDataset(file);
  const source = new FileLineSource(file);
  const validator = new RowValidator(source, o.maxLineBytes);
  let batch: DatasetRow[] = [];
  let failure: DatasetIssue | undefined;
  let rows = 0;
  const splitter = new LineSplitter(
    o.maxLineBytes,
    (buf, start, end, lineNo, offset) => {
      if (failure) return;
      const outcome = validator.check(buf, start, end, lineNo, offset);
      if (outcome.kind === 'invalid') failure = outcome.issues[0];
      else if (outcome.kind === 'row') {
        rows += 1;
        if (o.split === undefined || outcome.row.split === o.split) batch.push(outcome.row);
      }
    },
    (lineNo, _offset, length) => {
      failure ??= {
        code: 'line_too_long',
        line: lineNo,
        message: `line is ${length} bytes, over the limit of ${o.maxLineBytes}`,
      };
    },
  );
  const reader = await PooledFileReader.open(file, 1 << 20, 2);
  try {
    for (let next = await reader.next(); next !== null; next = await reader.next()) {
      try {
        splitter.push(next.chunk);
      } finally {
        // Rows are parsed objects: nothing refers to the chunk any more.
        next.release();
      }
      const ready = batch;
      batch = [];
      yield* ready;
      if (failure) throw toError(file, failure);
    }
    splitter.end();
    yield* batch;
    if (failure) throw toError(file, failure);
    if (rows === 0) throw toError(file, { code: 'empty_file', message: 'the file has no rows' });
  } finally {
    await reader.close();
    source.close();
  }
}

/**
 * Loads every validated row (optionally of one split) into memory. Use {@link readDataset} for
 * files too large to hold.
 *
 * @throws DatasetManifestError `invalid_argument` when `split` names a split with no rows.
 */
export async function loadDatasetRows(
  file: string,
  options: ReadDatasetOptions = {},
): Promise<DatasetRow[]> {
  const o = parseOptions(readDatasetOptionsSchema, options);
  const rows: DatasetRow[] = [];
  const seen = new Set<string>();
  for await (const row of readDataset(file, { maxLineBytes: o.maxLineBytes })) {
    seen.add(row.split);
    if (o.split === undefined || row.split === o.split) rows.push(row);
  }
  if (o.split !== undefined && rows.length === 0)
    throw new DatasetManifestError('invalid_argument', `no rows in split "${o.split}"`, {
      where: file,
      fix: `Use one of the splits present: ${[...seen].sort().join(', ')}.`,
    });
  return rows;
}
