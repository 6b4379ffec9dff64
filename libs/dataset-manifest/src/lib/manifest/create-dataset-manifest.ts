import { mkdir, realpath, rename, rm } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { relative } from 'node:path';
import { DatasetManifestError } from '../errors/dataset-manifest-error';
import { tempPathFor, writeFileAtomic } from '../io/atomic-write';
import { StratifiedSampler } from '../sample/stratified-sampler';
import { writeSampleLines } from '../sample/write-sample';
import { formatIssue } from '../scan/dataset-issue';
import { scanDataset, statDataset, type ScanResult } from '../scan/scan-dataset';
import { GzipSnapshotWriter, type SnapshotOutcome } from '../snapshot/gzip-snapshot-writer';
import type { DatasetManifest } from './dataset-manifest.schema';
import { detectGitVersion, type GitVersion } from './git-version';
import { createManifestOptionsSchema, MIB, type CreateManifestOptions } from './manifest-options';
import { buildMlflowDataset } from './mlflow-dataset';
import { parseOptions } from './parse-options';

/** File names written into the output directory. */
export const MANIFEST_FILE = 'manifest.json';
/** The gzip snapshot's file name. */
export const SNAPSHOT_FILE = 'dataset.jsonl.gz';
/** The stratified sample's file name. */
export const SAMPLE_FILE = 'dataset.sample.jsonl';

/** What {@link createDatasetManifest} wrote. */
export interface CreateManifestResult {
  manifest: DatasetManifest;
  /** Absolute paths of the files written. */
  paths: { manifest: string; snapshot: string | null; sample: string | null };
  /** How the snapshot attempt ended (input bytes compressed before stopping, etc.). */
  snapshot: SnapshotOutcome;
}

/** Problems collected before `manifest` gives up (the first is reported in full). */
const MANIFEST_MAX_ISSUES = 20;

/**
 * Validates, hashes and snapshots a JSONL dataset in one streaming pass and writes
 * `manifest.json` plus `dataset.jsonl.gz` (within budget) or `dataset.sample.jsonl` (over budget).
 * Every output goes to a temporary file first; nothing is renamed into place unless all succeeded.
 *
 * @throws DatasetManifestError `file_not_found`, `invalid_config`, the first dataset problem's
 * code (`invalid_json`, `invalid_row`, …, with file:line and field path), or `io_error`.
 */
export async function createDatasetManifest(
  input: CreateManifestOptions,
): Promise<CreateManifestResult> {
  const o = parseOptions(createManifestOptionsSchema, input);
  const file = resolve(o.file);
  await statDataset(file);
  const outDir = resolve(o.outDir);
  await mkdir(outDir, { recursive: true });
  const gitInfo = detectGitVersion(await realpath(file));

  const snapshotPath = join(outDir, SNAPSHOT_FILE);
  const writer = new GzipSnapshotWriter(tempPathFor(snapshotPath), o.maxSnapshotBytes);
  const sampler = new StratifiedSampler(o.seed, o.maxSampleRows);
  let scan: ScanResult;
  try {
    scan = await scanDataset({
      path: file,
      maxLineBytes: o.maxLineBytes,
      maxIssues: MANIFEST_MAX_ISSUES,
      schemaSampleRows: o.schemaSampleRows,
      sampler,
      onChunk: (chunk) => writer.write(chunk),
      onFirstIssue: () => writer.abort(),
    });
  } catch (error) {
    await writer.discard();
    throw error;
  }
  const first = scan.issues[0];
  if (first !== undefined || scan.sha256 === null) {
    await writer.discard();
    const count = `${scan.issues.length}${scan.truncated ? '+' : ''}`;
    throw new DatasetManifestError(
      first?.code ?? 'io_error',
      `${formatIssue(o.file, first ?? { code: 'empty_file', message: 'unreadable' })} (${count} problem${scan.issues.length === 1 ? '' : 's'} found; run \`eval-runner dataset validate ${o.file}\` to list them)`,
      {
        where: first?.line === undefined ? o.file : `${o.file}:${first.line}`,
        fix: 'Fix the dataset and run the command again.',
      },
    );
  }
  const snapshot = await writer.finish();

  const notes: string[] = [];
  let sample: DatasetManifest['sample'] = null;
  let sampleTemp: string | null = null;
  if (!snapshot.emitted) {
    const budget =
      o.maxSnapshotBytes >= MIB
        ? `${+(o.maxSnapshotBytes / MIB).toFixed(3)} MiB`
        : `${o.maxSnapshotBytes}-byte`;
    // How far gzip got before the budget tripped depends on stream timing, so it is not in the
    // manifest: the same file and seed must give the same manifest.
    notes.push(
      `Snapshot omitted: the gzip output of the ${scan.bytes}-byte input exceeded the ${budget} budget; a stratified sample was written instead.`,
    );
    const { allocation, lines } = sampler.select(o.sampleRate);
    if (allocation.capExceededBySplits)
      notes.push(
        `The sample holds one row per split: there are more non-empty splits than the ${o.maxSampleRows}-row cap.`,
      );
    sampleTemp = tempPathFor(join(outDir, SAMPLE_FILE));
    const sha256 = await writeSampleLines(file, lines, sampleTemp);
    sample = {
      rows: allocation.total,
      splits: allocation.perSplit,
      sha256,
      seed: o.seed,
      rate: o.sampleRate,
      cap: o.maxSampleRows,
    };
  }

  let git: GitVersion | null = null;
  try {
    git = await gitInfo;
    if (o.version === undefined && git.reason)
      notes.push(`Version: ${git.reason}, so it is recorded as "unversioned".`);
    const name = o.name ?? basename(file, extname(file));
    const sourceUri = o.sourceUri ?? (await defaultSourceUri(file, git.repoRoot));
    const manifest: DatasetManifest = {
      dataset_name: name,
      version: o.version ?? git.version,
      source_uri: sourceUri,
      created_at: (o.now?.() ?? new Date()).toISOString(),
      total_rows: scan.rows,
      splits: scan.splits,
      schema_sample: scan.schemaSample,
      has_snapshot: snapshot.emitted,
      jsonl_sha256: scan.sha256,
      jsonl_bytes: scan.bytes,
      gzip_sha256: snapshot.sha256,
      snapshot_path: snapshot.emitted ? SNAPSHOT_FILE : null,
      sample_path: sample ? SAMPLE_FILE : null,
      sample,
      notes: notes.join(' '),
      mlflow_dataset: buildMlflowDataset({
        name,
        sha256: scan.sha256,
        sourceUri,
        rows: scan.rows,
        splits: scan.splits,
        schemaSample: scan.schemaSample,
      }),
    };

    // Commit: data files first, the manifest last, then drop the other kind of artifact left
    // by an earlier run so the directory never contradicts its manifest.
    const paths = {
      manifest: join(outDir, MANIFEST_FILE),
      snapshot: snapshot.emitted ? snapshotPath : null,
      sample: sampleTemp ? join(outDir, SAMPLE_FILE) : null,
    };
    if (paths.snapshot) await rename(writer.tempPath, paths.snapshot);
    if (sampleTemp && paths.sample) await rename(sampleTemp, paths.sample);
    await writeFileAtomic(paths.manifest, `${JSON.stringify(manifest, null, 2)}\n`);
    await rm(paths.snapshot ? join(outDir, SAMPLE_FILE) : snapshotPath, { force: true });
    return { manifest, paths, snapshot };
  } catch (error) {
    await rm(writer.tempPath, { force: true });
    if (sampleTemp) await rm(sampleTemp, { force: true });
    throw DatasetManifestError.isInstance(error)
      ? error
      : new DatasetManifestError('io_error', 'writing the manifest outputs failed', {
          where: outDir,
          fix: 'Check free disk space and permissions of the output directory.',
          cause: error,
        });
  }
}

async function defaultSourceUri(file: string, repoRoot: string | null): Promise<string> {
  const real = await realpath(file);
  if (repoRoot !== null) return relative(repoRoot, real).split('\\').join('/');
  return pathToFileURL(real).href;
}
