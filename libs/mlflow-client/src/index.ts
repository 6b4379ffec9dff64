/**
 * Public API of @cited/mlflow-client. Keep it small and explicit: named exports only,
 * pinned by `public-api.spec.ts`.
 */
export { PACKAGE_VERSION } from './lib/package-version';
export { MlflowClientError } from './lib/errors/mlflow-client-error';
export type {
  MlflowClientErrorCode,
  MlflowClientErrorOptions,
} from './lib/errors/mlflow-client-error';
export {
  DEFAULT_TRACKING_URI,
  mlflowConfigFromEnv,
  mlflowConfigSchema,
} from './lib/config/mlflow-config';
export type { MlflowConfig } from './lib/config/mlflow-config';
export { MlflowClient } from './lib/client/mlflow-client';
export type { MlflowClientOptions } from './lib/client/mlflow-client';
export type { ExperimentsApi, ExperimentSearch } from './lib/client/experiments-api';
export type {
  RunsApi,
  RunSearch,
  MetricInput,
  BatchInput,
  DatasetInputSpec,
} from './lib/client/runs-api';
export type { Page } from './lib/client/paging';
export { fromKeyValues, toKeyValues } from './lib/client/paging';
export { splitLogBatch } from './lib/client/log-batch-splitter';
export type { ArtifactsApi, ArtifactLocation } from './lib/artifacts/artifacts-api';
export { validateArtifactPath, proxyRootOf } from './lib/artifacts/artifact-path';
export type {
  RegistryApi,
  RegistrySearch,
  CreateVersionOptions,
} from './lib/registry/registry-api';
export type { LoggedModelsApi } from './lib/registry/logged-models-api';
export { parseModelUri } from './lib/registry/model-uri';
export {
  MLMODEL_FILES,
  colSpecSchema,
  inputExampleFiles,
  mlmodelDocumentSchema,
  renderMlmodel,
} from './lib/models/mlmodel-document';
export type { ColSpec, MlmodelDocument } from './lib/models/mlmodel-document';
export type { ModelUri } from './lib/registry/model-uri';
export {
  MLFLOW_LIMITS,
  validateKey,
  validateMetric,
  validateParam,
  validateTag,
} from './lib/validation/mlflow-validation';
export type { NonFiniteMetricPolicy } from './lib/validation/mlflow-validation';
export type { TransportEvent, TransportOptions } from './lib/http/http-transport';
export type { RetryPolicy } from './lib/http/retry-policy';
export {
  artifactFileSchema,
  datasetInputSchema,
  experimentSchema,
  loggedModelSchema,
  metricSchema,
  modelVersionSchema,
  registeredModelSchema,
  runSchema,
} from './lib/endpoints/entity-schemas';
export type {
  ArtifactFile,
  DatasetInput,
  Experiment,
  KeyValue,
  LoggedModel,
  Metric,
  ModelVersion,
  RegisteredModel,
  Run,
  RunInfo,
  RunStatus,
} from './lib/endpoints/entity-schemas';
export { withRun } from './lib/run/with-run';
export type { ActiveRun, WithRunOptions } from './lib/run/with-run';
export { DEFAULT_SPOOL_DIR, listSpoolEntries } from './lib/spool/spool-store';
export { syncSpool, syncSpoolEntry } from './lib/spool/spool-sync';
export type { SyncResult } from './lib/spool/spool-sync';
export {
  assessmentRecordSchema,
  mlflowTraceId,
  spanRecordSchema,
  spanTypeSchema,
  traceRecordSchema,
} from './lib/tracing/trace-record';
export type {
  AssessmentRecord,
  AssessmentSource,
  JsonValue,
  SpanRecord,
  SpanType,
  TokenUsageRecord,
  TraceRecord,
  TraceRecordInput,
  TraceStatus,
} from './lib/tracing/trace-record';
export { newSpanId, newTraceId } from './lib/tracing/trace-ids';
export type { LogTracesOptions, TracesApi, TraceTarget } from './lib/tracing/traces-api';
export type { AssessmentWire, TraceInfoWire } from './lib/endpoints/trace-endpoints';
export { TraceExporter } from './lib/tracing/trace-exporter';
export type { TraceDropReason, TraceExporterOptions } from './lib/tracing/trace-exporter';
