/**
 * Public API of @cited/dataset-manifest. Keep it small and explicit: named exports only,
 * pinned by `public-api.spec.ts`.
 */
export { PACKAGE_VERSION } from './lib/package-version';
export { DatasetManifestError } from './lib/errors/dataset-manifest-error';
export type {
  DatasetManifestErrorCode,
  DatasetManifestErrorOptions,
} from './lib/errors/dataset-manifest-error';
export { datasetRowSchema, datasetRowMetadataSchema } from './lib/schema/dataset-row.schema';
export type {
  DatasetRow,
  DatasetRowInput,
  DatasetRowMetadata,
} from './lib/schema/dataset-row.schema';
export { readDataset, loadDatasetRows, readDatasetOptionsSchema } from './lib/reader/read-dataset';
export type { ReadDatasetOptions } from './lib/reader/read-dataset';
export { validateDataset, validateOptionsSchema } from './lib/validate/validate-dataset';
export type { ValidateOptions, ValidationReport } from './lib/validate/validate-dataset';
export { formatIssue } from './lib/scan/dataset-issue';
export type { DatasetIssue, DatasetIssueCode } from './lib/scan/dataset-issue';
export {
  createDatasetManifest,
  MANIFEST_FILE,
  SAMPLE_FILE,
  SNAPSHOT_FILE,
} from './lib/manifest/create-dataset-manifest';
export type { CreateManifestResult } from './lib/manifest/create-dataset-manifest';
export { createManifestOptionsSchema, MIB } from './lib/manifest/manifest-options';
export type { CreateManifestOptions } from './lib/manifest/manifest-options';
export {
  datasetManifestSchema,
  manifestSampleSchema,
  mlflowDatasetSchema,
} from './lib/manifest/dataset-manifest.schema';
export type {
  DatasetManifest,
  ManifestSample,
  MlflowDataset,
} from './lib/manifest/dataset-manifest.schema';
export { readDatasetManifest } from './lib/manifest/read-manifest';
export {
  httpDatasetSource,
  mlflowDatasetInput,
  mlflowDatasetSourceSchema,
} from './lib/manifest/mlflow-dataset-input';
export type { MlflowDatasetInput, MlflowDatasetSource } from './lib/manifest/mlflow-dataset-input';
export { allocateSample } from './lib/sample/allocate-sample';
export type { SampleAllocation } from './lib/sample/allocate-sample';
export type { SnapshotOutcome } from './lib/snapshot/gzip-snapshot-writer';
export { ARTICLE_SPLITS, splitOfTitle } from './lib/import/article-split';
export type { ArticleSplit } from './lib/import/article-split';
export { UNANSWERABLE_ANSWER, importSquad, jsonPathOf } from './lib/import/import-squad';
export type { ImportedDocument, SquadFormat, SquadImport } from './lib/import/import-squad';
export { squadFileSchema } from './lib/import/squad-source.schema';
export type { SquadFile } from './lib/import/squad-source.schema';
