/** Kinds of problems a dataset file can have. */
export type DatasetIssueCode =
  'empty_file' | 'invalid_utf8' | 'invalid_json' | 'invalid_row' | 'duplicate_id' | 'line_too_long';

/** One problem found in a dataset file. Messages never contain the offending values. */
export interface DatasetIssue {
  code: DatasetIssueCode;
  /** 1-based line number; absent for whole-file problems (an empty file). */
  line?: number;
  /** Field path inside the row, e.g. `metadata.source_ids[0]`. */
  field?: string;
  message: string;
}

/** Formats an issue as `file:line: field "x": message`. */
export function formatIssue(file: string, issue: DatasetIssue): string {
  const where = issue.line === undefined ? file : `${file}:${issue.line}`;
  const field = issue.field === undefined ? '' : `field "${issue.field}": `;
  return `${where}: ${field}${issue.message}`;
}
