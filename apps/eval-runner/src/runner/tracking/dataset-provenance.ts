import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { createGunzip, createGzip } from 'node:zlib';
import {
  createDatasetManifest,
  httpDatasetSource,
  mlflowDatasetInput,
  type CreateManifestResult,
  type DatasetManifest,
  type MlflowDataset,
} from '@cited/dataset-manifest';
import type { ActiveRun } from '@cited/mlflow-client';
import { CliError } from '../../cli/cli-error';
import type { ArtifactScrubber } from '../shared/artifact-scrubber';

/** Artifact folder of the dataset files in every run. */
export const DATASET_ARTIFACT_DIR = 'dataset';

/** Tag holding the manifest's digest (the MLflow dataset digest). */
export const DATASET_DIGEST_TAG = 'cited.dataset.digest';
/** Tag holding the sha256 of the dataset file actually uploaded (scrubbed or not). */
export const UPLOADED_DATASET_SHA_TAG = 'cited.dataset.uploaded_sha256';

/** Fails with a clear message when the dataset file is missing. */
export function assertDatasetExists(file: string): void {
  if (!existsSync(file))
    throw new CliError(
      'bad_input',
      `dataset not found: ${file}. Pass --dataset <file.jsonl> (one JSON object per line: id, split, question, answer, context, metadata.source_ids).`,
    );
}

/** Builds the manifest (and snapshot or sample) of a dataset into `workDir`. */
export async function buildDatasetManifest(
  file: string,
  workDir: string,
): Promise<CreateManifestResult> {
  assertDatasetExists(file);
  return createDatasetManifest({ file, outDir: join(workDir, 'manifest') });
}

async function sha256File(file: string): Promise<string> {
  const h = createHash('sha256');
  await pipeline(createReadStream(file), h);
  return h.digest('hex');
}

/**
 * Scrubs a JSONL file (optionally gzipped) row by row. The file was validated by the manifest,
 * so every line is a JSON object. Yields to the event loop between batches: the evaluation
 * runs meanwhile.
 */
async function scrubJsonlFile(
  from: string,
  to: string,
  gz: boolean,
  scrubber: ArtifactScrubber,
): Promise<void> {
  const input = gz ? createReadStream(from).pipe(createGunzip()) : createReadStream(from);
  const lines = createInterface({ input, crlfDelay: Infinity });
  async function* scrubbed() {
    let n = 0;
    for await (const line of lines) {
      if (line.trim() === '') continue;
      // The snapshot keeps the file's bytes: a byte-order mark the manifest accepted included.
      const json = n === 0 ? line.replace(/^\uFEFF/, '') : line;
      yield `${JSON.stringify(scrubber.json(JSON.parse(json) as unknown))}\n`;
      if (++n % 20 === 0) await yieldToEventLoop();
    }
  }
  await pipeline([Readable.from(scrubbed()), ...(gz ? [createGzip()] : []), createWriteStream(to)]);
}

/** The MLflow dataset entity with its user-given name and source scrubbed. */
function scrubbedMlflowDataset(m: MlflowDataset, scrubber: ArtifactScrubber): MlflowDataset {
  return { ...m, name: scrubber.text(m.name).slice(0, 500), source: scrubber.text(m.source) };
}

/** What was uploaded for the dataset. */
export interface DatasetUpload {
  manifest: DatasetManifest;
  artifacts: string[];
  uploadedSha256: string | null;
  scrubbed: boolean;
}

/**
 * The tracking server's download URL of a run artifact (`/get-artifact`, what the UI's download
 * link uses), without any credentials of the tracking URI.
 */
export function runArtifactDownloadUrl(trackingUri: string, runId: string, path: string): string {
  const url = new URL('get-artifact', `${trackingUri.replace(/\/+$/, '')}/`);
  url.username = '';
  url.password = '';
  url.searchParams.set('path', path);
  url.searchParams.set('run_uuid', runId);
  return url.toString();
}

/**
 * Attaches the dataset to the run: the snapshot or sample — passed through pii-scrub (strict)
 * first unless `scrub` is false — then `dataset/manifest.json` recording that file's sha256
 * (`snapshot_sha256`), then `log-inputs` with the manifest's MLflow fields and, as source, the
 * server's download URL of the uploaded file (so MLflow's `get_source(...).load()` returns it;
 * a spooled run keeps the manifest's source). The dataset's name and source path are scrubbed
 * in all of them whatever `scrub` says. The manifest keeps the original file's hashes and
 * digest; the tag {@link UPLOADED_DATASET_SHA_TAG} also records the uploaded file's hash.
 */
export async function logDatasetProvenance(
  run: ActiveRun,
  built: CreateManifestResult,
  options: {
    scrub: boolean;
    scrubber: ArtifactScrubber;
    workDir: string;
    context: 'eval' | 'training';
    /** The tracking server the run is on (for the source's download URL). */
    trackingUri: string;
  },
): Promise<DatasetUpload> {
  const { manifest } = built;
  // The dataset's name and path come from the command line: scrubbed like any other text,
  // whether or not the rows are (`scrub` is about the file's content).
  const m = scrubbedMlflowDataset(manifest.mlflow_dataset, options.scrubber);
  const artifacts: string[] = [];
  const original = built.paths.snapshot ?? built.paths.sample;
  let uploadedSha256: string | null = null;
  let uploadedPath: string | null = null;
  if (original) {
    const gz = original.endsWith('.gz');
    let upload = original;
    if (options.scrub) {
      upload = join(options.workDir, `scrubbed-${basename(original)}`);
      await scrubJsonlFile(original, upload, gz, options.scrubber);
    }
    uploadedSha256 = await sha256File(upload);
    uploadedPath = `${DATASET_ARTIFACT_DIR}/${basename(original)}`;
    await run.logArtifact(upload, uploadedPath);
    artifacts.push(uploadedPath);
    run.setTag(UPLOADED_DATASET_SHA_TAG, uploadedSha256);
  }
  const manifestCopy = join(options.workDir, 'manifest.json');
  const uploadedManifest: DatasetManifest = {
    ...manifest,
    dataset_name: m.name,
    source_uri: options.scrubber.text(manifest.source_uri),
    mlflow_dataset: m,
    snapshot_sha256: uploadedSha256,
  };
  await writeFile(manifestCopy, `${JSON.stringify(uploadedManifest, null, 2)}\n`);
  await run.logArtifact(manifestCopy, `${DATASET_ARTIFACT_DIR}/manifest.json`);
  artifacts.push(`${DATASET_ARTIFACT_DIR}/manifest.json`);
  const source =
    uploadedPath !== null && run.runId !== undefined
      ? httpDatasetSource(runArtifactDownloadUrl(options.trackingUri, run.runId, uploadedPath))
      : undefined;
  await run.logInputs([
    mlflowDatasetInput(uploadedManifest, {
      ...(source ? { source } : {}),
      context: options.context,
    }),
  ]);
  run.setTag(DATASET_DIGEST_TAG, m.digest);
  run.setTag('cited.dataset.name', m.name);
  run.setTag('cited.dataset.scrubbed', String(options.scrub));
  return { manifest, artifacts, uploadedSha256, scrubbed: options.scrub };
}
