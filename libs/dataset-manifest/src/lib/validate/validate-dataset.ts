import { z } from 'zod';
import { parseOptions } from '../manifest/parse-options';
import { MIB } from '../manifest/manifest-options';
import type { DatasetIssue } from '../scan/dataset-issue';
import { scanDataset } from '../scan/scan-dataset';

/** Options of {@link validateDataset}. */
export const validateOptionsSchema = z.object({
  /** Stop after this many problems (the report says it was truncated). */
  maxIssues: z.number().int().positive().default(100),
  /** Longest accepted line, in bytes. */
  maxLineBytes: z
    .number()
    .int()
    .positive()
    .default(16 * MIB),
});

/** Options accepted by {@link validateDataset}. */
export type ValidateOptions = z.input<typeof validateOptionsSchema>;

/** The outcome of validating a dataset file. */
export interface ValidationReport {
  file: string;
  ok: boolean;
  /** Valid rows. */
  rows: number;
  /** Lines read (valid, invalid and blank). */
  lines: number;
  bytes: number;
  splits: Record<string, number>;
  /** Problems in file order, up to `maxIssues`. */
  issues: DatasetIssue[];
  /** True when reading stopped at `maxIssues`: more problems may exist. */
  truncated: boolean;
}

/**
 * Reads the whole file in one streaming pass and reports every problem (up to `maxIssues`): invalid
 * UTF-8 or JSON, missing or mistyped fields, duplicate ids, over-long lines, an empty file.
 *
 * @throws DatasetManifestError `file_not_found` when the file cannot be read at all.
 */
export async function validateDataset(
  file: string,
  options: ValidateOptions = {},
): Promise<ValidationReport> {
  const o = parseOptions(validateOptionsSchema, options);
  const scan = await scanDataset({
    path: file,
    maxLineBytes: o.maxLineBytes,
    maxIssues: o.maxIssues,
    schemaSampleRows: 1,
  });
  return {
    file,
    ok: scan.issues.length === 0,
    rows: scan.rows,
    lines: scan.lines,
    bytes: scan.bytes,
    splits: scan.splits,
    issues: scan.issues,
    truncated: scan.truncated,
  };
}
