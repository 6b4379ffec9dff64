import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { DatasetManifestError } from '../errors/dataset-manifest-error';
import type { StratifiedSampler } from '../sample/stratified-sampler';
import type { DatasetIssue } from './dataset-issue';
import { FileLineSource } from './file-line-source';
import type { IdHasher } from './id-index';
import { LineSplitter } from './line-splitter';
import { PooledFileReader } from './pooled-file-reader';
import { RowValidator } from './row-validator';
import { SchemaSampler } from './schema-sample';

/** Options of {@link scanDataset}. */
export interface ScanOptions {
  path: string;
  maxLineBytes: number;
  /** Stop reading once this many problems were found. */
  maxIssues: number;
  schemaSampleRows: number;
  sampler?: StratifiedSampler;
  /**
   * Receives every chunk before it is parsed. The chunk's buffer is reused once the returned
   * promise settles, so a sink must be done with it by then (gzip: the write callback).
   */
  onChunk?: (chunk: Buffer) => Promise<void> | undefined;
  /** Called once, when the first problem is found. */
  onFirstIssue?: () => void;
  /** Test seam: forces id hash collisions. */
  idHasher?: IdHasher;
}

/** What one streaming pass over a dataset found. */
export interface ScanResult {
  bytes: number;
  /** SHA-256 of the whole file, or null when reading stopped early at the issue cap. */
  sha256: string | null;
  rows: number;
  lines: number;
  splits: Record<string, number>;
  schemaSample: Record<string, string[]>;
  issues: DatasetIssue[];
  /** True when reading stopped at `maxIssues` (more problems may exist). */
  truncated: boolean;
}

/** Checks that `path` is a readable regular file; returns its size. */
export async function statDataset(path: string): Promise<number> {
  try {
    const s = await stat(path);
    if (!s.isFile())
      throw new DatasetManifestError('file_not_found', 'is not a regular file', {
        where: path,
        fix: 'Pass the path of a .jsonl file.',
      });
    return s.size;
  } catch (error) {
    if (DatasetManifestError.isInstance(error)) throw error;
    throw new DatasetManifestError('file_not_found', 'cannot read the dataset file', {
      where: path,
      fix: 'Check the path and its permissions.',
      cause: error,
    });
  }
}

/**
 * One streaming pass: hashes every byte, splits lines over Buffers, validates each row, counts
 * splits and feeds the sampler, while `onChunk` (the gzip snapshot) works on the same chunk off the
 * main thread. Memory is bounded by the chunk size, the line limit and the id index.
 */
export async function scanDataset(options: ScanOptions): Promise<ScanResult> {
  await statDataset(options.path);
  const hash = createHash('sha256');
  const source = new FileLineSource(options.path);
  const validator = new RowValidator(source, options.maxLineBytes, options.idHasher);
  const schema = new SchemaSampler(options.schemaSampleRows);
  const splits = new Map<string, number>();
  const issues: DatasetIssue[] = [];
  let rows = 0;
  let bytes = 0;
  let dropped = 0;

  const report = (found: DatasetIssue[]) => {
    if (issues.length === 0) options.onFirstIssue?.();
    for (const issue of found) {
      if (issues.length < options.maxIssues) issues.push(issue);
      else dropped += 1;
    }
  };
  const splitter = new LineSplitter(
    options.maxLineBytes,
    (buf, start, end, lineNo, offset) => {
      const outcome = validator.check(buf, start, end, lineNo, offset);
      if (outcome.kind === 'row') {
        rows += 1;
        const split = outcome.row.split;
        splits.set(split, (splits.get(split) ?? 0) + 1);
        if (schema.wantsMore) schema.add(outcome.raw);
        options.sampler?.offer(split, offset, end - start);
      } else if (outcome.kind === 'invalid') report(outcome.issues);
    },
    (lineNo, _offset, length) =>
      report([
        {
          code: 'line_too_long',
          line: lineNo,
          message: `line is ${length} bytes, over the limit of ${options.maxLineBytes}; split the example or raise the line limit`,
        },
      ]),
  );

  let truncated = false;
  const reader = await PooledFileReader.open(options.path);
  try {
    for (let next = await reader.next(); next !== null; next = await reader.next()) {
      const { chunk, release } = next;
      hash.update(chunk);
      bytes += chunk.length;
      const consumed = options.onChunk?.(chunk);
      try {
        splitter.push(chunk);
      } finally {
        if (consumed) void consumed.then(release, release);
        else release();
      }
      if (issues.length >= options.maxIssues) {
        truncated = true;
        break;
      }
    }
    if (!truncated) splitter.end();
  } catch (error) {
    throw new DatasetManifestError('io_error', 'reading the dataset failed', {
      where: options.path,
      cause: error,
    });
  } finally {
    await reader.close();
    source.close();
  }
  if (!truncated && rows === 0 && issues.length === 0)
    report([
      {
        code: 'empty_file',
        message:
          bytes === 0
            ? 'the file is empty; a dataset needs at least one JSON line'
            : 'the file has no rows (only blank lines); a dataset needs at least one JSON line',
      },
    ]);
  return {
    bytes,
    sha256: truncated ? null : hash.digest('hex'),
    rows,
    lines: splitter.lines,
    splits: Object.fromEntries([...splits.keys()].sort().map((k) => [k, splits.get(k) ?? 0])),
    schemaSample: schema.result(),
    issues,
    truncated: truncated || dropped > 0,
  };
}
