import { isUtf8 } from 'node:buffer';
import { datasetRowSchema, type DatasetRow } from '../schema/dataset-row.schema';
import { formatZodIssues } from '../schema/format-zod-issue';
import type { DatasetIssue } from './dataset-issue';
import type { FileLineSource } from './file-line-source';
import { IdIndex, type IdHasher } from './id-index';

/** What one line turned out to be. */
export type LineOutcome =
  | { kind: 'blank' }
  | { kind: 'row'; row: DatasetRow; raw: Record<string, unknown> }
  | { kind: 'invalid'; issues: DatasetIssue[] };

const BLANK: LineOutcome = { kind: 'blank' };

/**
 * Validates lines one at a time: UTF-8, JSON, the row schema and id uniqueness. Blank lines are
 * skipped; a UTF-8 byte order mark on the first line and `\r\n` endings are accepted.
 */
export class RowValidator {
  private readonly ids: IdIndex;

  constructor(
    private readonly source: FileLineSource,
    private readonly maxLineBytes: number,
    hasher?: IdHasher,
  ) {
    this.ids = new IdIndex(hasher);
  }

  /** Checks the line `buf[start, end)` that starts at byte `offset` of the file. */
  check(buf: Buffer, start: number, end: number, lineNo: number, offset: number): LineOutcome {
    let s = start;
    let e = end;
    if (e > s && buf[e - 1] === 13) e -= 1;
    if (offset === 0 && e - s >= 3 && buf[s] === 0xef && buf[s + 1] === 0xbb && buf[s + 2] === 0xbf)
      s += 3;
    let i = s;
    while (i < e && (buf[i] === 32 || buf[i] === 9)) i += 1;
    if (i === e) return BLANK;

    if (!isUtf8(buf.subarray(s, e))) {
      const at = firstInvalidUtf8(buf, s, e) - s + 1;
      return invalid({
        code: 'invalid_utf8',
        line: lineNo,
        message: `invalid UTF-8 at byte ${at} of the line; re-encode the file as UTF-8`,
      });
    }
    const raw = parseJson(buf.toString('utf8', s, e), lineNo);
    if ('issue' in raw) return invalid(raw.issue);
    const value = raw.value;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return invalid({
        code: 'invalid_row',
        line: lineNo,
        field: '(row)',
        message: `expected a JSON object, got ${jsonType(value)}`,
      });
    }
    const parsed = datasetRowSchema.safeParse(value);
    if (!parsed.success) {
      return {
        kind: 'invalid',
        issues: formatZodIssues(parsed.error.issues).map((p) => ({
          code: 'invalid_row',
          line: lineNo,
          field: p.field,
          message: p.message,
        })),
      };
    }
    const dup = this.checkId(parsed.data.id, offset);
    if (dup !== undefined) {
      return invalid({
        code: 'duplicate_id',
        line: lineNo,
        field: 'id',
        message: `duplicate id (first used on line ${dup}); ids must be unique in the file`,
      });
    }
    return { kind: 'row', row: parsed.data, raw: value as Record<string, unknown> };
  }

  /** Returns the line number where `id` was first used, or records it and returns undefined. */
  private checkId(id: string, offset: number): number | undefined {
    const { hash, offsets } = this.ids.candidates(id);
    for (const earlier of offsets) {
      if (this.idAt(earlier) === id) return this.source.lineNumberAt(earlier);
    }
    this.ids.add(hash, offset);
    return undefined;
  }

  private idAt(offset: number): unknown {
    const line = this.source.readLineAt(offset, this.maxLineBytes).toString('utf8');
    try {
      const value: unknown = JSON.parse(line.replace(/^\uFEFF/, ''));
      return typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : null;
    } catch {
      return null;
    }
  }
}

function invalid(issue: DatasetIssue): LineOutcome {
  return { kind: 'invalid', issues: [issue] };
}

function parseJson(text: string, line: number): { value: unknown } | { issue: DatasetIssue } {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    return {
      issue: {
        code: 'invalid_json',
        line,
        message: `invalid JSON: ${describeJsonError(error instanceof Error ? error.message : '')}`,
      },
    };
  }
}

/** V8's messages quote the input; keep the reason and position, drop the quoted text. */
export function describeJsonError(message: string): string {
  const pos = /at position (\d+)/.exec(message)?.[1];
  const reason = message
    .replace(/, ".*" is not valid JSON$/s, '')
    .replace(/ in JSON at position \d+.*$/s, '')
    .replace(/^"?.*"? is not valid JSON$/s, 'not valid JSON');
  return pos === undefined ? reason : `${reason} at column ${Number(pos) + 1}`;
}

/** The JSON type name of a parsed value (`integer` is reported as `number`). */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' ? 'object' : typeof value;
}

function firstInvalidUtf8(buf: Buffer, start: number, end: number): number {
  for (let i = start; i < end;) {
    const b = buf[i] ?? 0;
    const need =
      b < 0x80
        ? 0
        : b >= 0xc2 && b < 0xe0
          ? 1
          : b >= 0xe0 && b < 0xf0
            ? 2
            : b >= 0xf0 && b < 0xf5
              ? 3
              : -1;
    if (need < 0) return i;
    if (!isUtf8(buf.subarray(i, i + need + 1))) return i;
    i += need + 1;
  }
  return end;
}
