import { z } from 'zod';

/** int64 fields: MLflow sends numbers, some proxies/protobuf paths send strings. */
export const int64Schema = z.union([z.number(), z.string().regex(/^-?\d+$/)]).transform(Number);

/** Doubles: protobuf JSON writes non-finite values as strings. */
export const doubleSchema = z
  .union([z.number(), z.literal(['NaN', 'Infinity', '-Infinity'])])
  .transform((v) => (typeof v === 'number' ? v : Number(v)));

/** A `{key, value}` pair (tags, params). */
export const keyValueSchema = z.object({ key: z.string(), value: z.string().default('') });
/** A `{key, value}` pair (tags, params). */
export type KeyValue = z.infer<typeof keyValueSchema>;

/** One metric value. */
export const metricSchema = z.object({
  key: z.string(),
  value: doubleSchema,
  timestamp: int64Schema,
  step: int64Schema.default(0),
});
/** One metric value. */
export type Metric = z.infer<typeof metricSchema>;

/** An experiment. */
export const experimentSchema = z.object({
  experimentId: z.string(),
  name: z.string(),
  artifactLocation: z.string().optional(),
  lifecycleStage: z.string(),
  creationTime: int64Schema.optional(),
  lastUpdateTime: int64Schema.optional(),
  tags: z.array(keyValueSchema).default([]),
});
/** An experiment. */
export type Experiment = z.infer<typeof experimentSchema>;

/** Run lifecycle states. */
export const runStatusSchema = z.enum(['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED']);
/** Run lifecycle states. */
export type RunStatus = z.infer<typeof runStatusSchema>;

/** A run's metadata. */
export const runInfoSchema = z.object({
  runId: z.string(),
  runName: z.string().optional(),
  experimentId: z.string(),
  userId: z.string().optional(),
  status: runStatusSchema,
  startTime: int64Schema.optional(),
  endTime: int64Schema.optional(),
  artifactUri: z.string().optional(),
  lifecycleStage: z.string().optional(),
});
/** A run's metadata. */
export type RunInfo = z.infer<typeof runInfoSchema>;

/** A dataset as MLflow records it (`logInputs`). */
export const datasetSchema = z.object({
  name: z.string(),
  digest: z.string(),
  sourceType: z.string(),
  source: z.string(),
  schema: z.string().optional(),
  profile: z.string().optional(),
});
/** A dataset as MLflow records it (`logInputs`). */
export type Dataset = z.infer<typeof datasetSchema>;

/** A dataset attached to a run, with its tags (e.g. `mlflow.data.context`). */
export const datasetInputSchema = z.object({
  tags: z.array(keyValueSchema).default([]),
  dataset: datasetSchema,
});
/** A dataset attached to a run, with its tags (e.g. `mlflow.data.context`). */
export type DatasetInput = z.infer<typeof datasetInputSchema>;

/** A run with its data and inputs. */
export const runSchema = z.object({
  info: runInfoSchema,
  data: z
    .object({
      metrics: z.array(metricSchema).default([]),
      params: z.array(keyValueSchema).default([]),
      tags: z.array(keyValueSchema).default([]),
    })
    .default({ metrics: [], params: [], tags: [] }),
  inputs: z
    .object({ datasetInputs: z.array(datasetInputSchema).default([]) })
    .default({ datasetInputs: [] }),
});
/** A run with its data and inputs. */
export type Run = z.infer<typeof runSchema>;

/** A registered model. */
export const registeredModelSchema = z.object({
  name: z.string(),
  creationTimestamp: int64Schema.optional(),
  lastUpdatedTimestamp: int64Schema.optional(),
  description: z.string().optional(),
  tags: z.array(keyValueSchema).default([]),
  aliases: z.array(z.object({ alias: z.string(), version: z.string() })).default([]),
});
/** A registered model. */
export type RegisteredModel = z.infer<typeof registeredModelSchema>;

/** Registration states of a model version. */
export const modelVersionStatusSchema = z.enum([
  'PENDING_REGISTRATION',
  'FAILED_REGISTRATION',
  'READY',
]);

/** A model version. */
export const modelVersionSchema = z.object({
  name: z.string(),
  version: z.string(),
  creationTimestamp: int64Schema.optional(),
  lastUpdatedTimestamp: int64Schema.optional(),
  description: z.string().optional(),
  source: z.string().optional(),
  runId: z.string().optional(),
  modelId: z.string().optional(),
  status: modelVersionStatusSchema.optional(),
  statusMessage: z.string().optional(),
  tags: z.array(keyValueSchema).default([]),
  aliases: z.array(z.string()).default([]),
});
/** A model version. */
export type ModelVersion = z.infer<typeof modelVersionSchema>;

/** An MLflow 3 LoggedModel. */
export const loggedModelSchema = z.object({
  info: z.object({
    modelId: z.string(),
    experimentId: z.string(),
    name: z.string(),
    artifactUri: z.string().optional(),
    status: z.string().optional(),
    sourceRunId: z.string().optional(),
    modelType: z.string().optional(),
    creationTimestampMs: int64Schema.optional(),
    lastUpdatedTimestampMs: int64Schema.optional(),
    tags: z.array(keyValueSchema).default([]),
  }),
  data: z.object({ params: z.array(keyValueSchema).default([]) }).default({ params: [] }),
});
/** An MLflow 3 LoggedModel. */
export type LoggedModel = z.infer<typeof loggedModelSchema>;

/** One entry of an artifact listing. */
export const artifactFileSchema = z.object({
  path: z.string(),
  isDir: z.boolean().default(false),
  fileSize: int64Schema.optional(),
});
/** One entry of an artifact listing. */
export type ArtifactFile = z.infer<typeof artifactFileSchema>;
