import { z } from 'zod';

/** MLflow's dataset entity for `runs/log-inputs`, as plain data (strings are JSON documents). */
export const mlflowDatasetSchema = z.object({
  name: z.string().min(1).max(500),
  /** Short stable digest of the content (the first 16 hex digits of `jsonl_sha256`). */
  digest: z.string().min(1).max(36),
  source_type: z.string().min(1),
  /** JSON text, e.g. `{"uri":"data/qa.jsonl"}`. */
  source: z.string(),
  /** JSON text: `{"mlflow_colspec":[…]}` built from the schema sample. */
  schema: z.string(),
  /** JSON text: `{"num_rows":…,"splits":{…}}`. */
  profile: z.string(),
});

/** MLflow's dataset fields. */
export type MlflowDataset = z.infer<typeof mlflowDatasetSchema>;

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

/** Details of the stratified sample, present when a sample replaced the snapshot. */
export const manifestSampleSchema = z.object({
  rows: z.number().int().nonnegative(),
  splits: z.record(z.string(), z.number().int().nonnegative()),
  sha256: sha256Hex,
  seed: z.string(),
  rate: z.number(),
  cap: z.number().int().positive(),
});

/** Details of the stratified sample. */
export type ManifestSample = z.infer<typeof manifestSampleSchema>;

/** `manifest.json`: which data a run saw, precisely enough to reproduce it later. */
export const datasetManifestSchema = z.object({
  dataset_name: z.string().min(1),
  version: z.string().min(1),
  source_uri: z.string().min(1),
  created_at: z.iso.datetime(),
  total_rows: z.number().int().nonnegative(),
  splits: z.record(z.string(), z.number().int().nonnegative()),
  schema_sample: z.record(z.string(), z.array(z.string())),
  has_snapshot: z.boolean(),
  jsonl_sha256: sha256Hex,
  jsonl_bytes: z.number().int().nonnegative(),
  gzip_sha256: sha256Hex.nullable(),
  snapshot_path: z.string().nullable(),
  sample_path: z.string().nullable(),
  sample: manifestSampleSchema.nullable(),
  notes: z.string(),
  mlflow_dataset: mlflowDatasetSchema,
  /**
   * sha256 of the snapshot (or sample) file as uploaded with the run (scrubbed when the run
   * scrubs): what the logged dataset's source downloads. Absent in manifests written before
   * it existed and before the upload.
   */
  snapshot_sha256: sha256Hex.nullable().optional(),
});

/** The content of `manifest.json`. */
export type DatasetManifest = z.infer<typeof datasetManifestSchema>;
