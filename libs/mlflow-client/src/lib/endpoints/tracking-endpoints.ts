import { z } from 'zod';
import {
  MLFLOW_API_PREFIX as P,
  emptySchema as empty,
  endpoint,
  pageFields as page,
} from './endpoint-spec';
import {
  datasetInputSchema,
  experimentSchema,
  keyValueSchema,
  metricSchema,
  runInfoSchema,
  runSchema,
} from './entity-schemas';

const viewType = z.enum(['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL']).optional();
/** Metrics on the wire: non-finite values as the strings protobuf JSON expects. */
const wireMetric = z.object({
  key: z.string(),
  value: z.union([z.number(), z.literal(['NaN', 'Infinity', '-Infinity'])]),
  timestamp: z.number().int(),
  step: z.number().int(),
  // MLflow 3: a metric of a LoggedModel (shown on its page and in search_logged_models).
  modelId: z.string().optional(),
  datasetName: z.string().optional(),
  datasetDigest: z.string().optional(),
});

/** Experiment endpoints. */
export const experimentEndpoints = {
  create: endpoint({
    method: 'POST',
    path: `${P}/experiments/create`,
    request: z.object({
      name: z.string().min(1),
      artifactLocation: z.string().optional(),
      tags: z.array(keyValueSchema).optional(),
    }),
    response: z.object({ experimentId: z.string() }),
  }),
  get: endpoint({
    method: 'GET',
    path: `${P}/experiments/get`,
    request: z.object({ experimentId: z.string() }),
    response: z.object({ experiment: experimentSchema }),
  }),
  getByName: endpoint({
    method: 'GET',
    path: `${P}/experiments/get-by-name`,
    request: z.object({ experimentName: z.string() }),
    response: z.object({ experiment: experimentSchema }),
  }),
  search: endpoint({
    method: 'POST',
    path: `${P}/experiments/search`,
    request: z.object({
      filter: z.string().optional(),
      orderBy: z.array(z.string()).optional(),
      viewType,
      ...page,
    }),
    response: z.object({
      experiments: z.array(experimentSchema).default([]),
      nextPageToken: z.string().optional(),
    }),
  }),
  setTag: endpoint({
    method: 'POST',
    path: `${P}/experiments/set-experiment-tag`,
    request: z.object({ experimentId: z.string(), key: z.string(), value: z.string() }),
    response: empty,
  }),
  delete: endpoint({
    method: 'POST',
    path: `${P}/experiments/delete`,
    request: z.object({ experimentId: z.string() }),
    response: empty,
  }),
  restore: endpoint({
    method: 'POST',
    path: `${P}/experiments/restore`,
    request: z.object({ experimentId: z.string() }),
    response: empty,
  }),
};

/** Run endpoints. */
export const runEndpoints = {
  create: endpoint({
    method: 'POST',
    path: `${P}/runs/create`,
    request: z.object({
      experimentId: z.string(),
      runName: z.string().optional(),
      startTime: z.number().int().optional(),
      tags: z.array(keyValueSchema).optional(),
    }),
    response: z.object({ run: runSchema }),
  }),
  get: endpoint({
    method: 'GET',
    path: `${P}/runs/get`,
    request: z.object({ runId: z.string() }),
    response: z.object({ run: runSchema }),
  }),
  update: endpoint({
    method: 'POST',
    path: `${P}/runs/update`,
    request: z.object({
      runId: z.string(),
      status: z.enum(['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED']).optional(),
      endTime: z.number().int().optional(),
      runName: z.string().optional(),
    }),
    response: z.object({ runInfo: runInfoSchema }),
  }),
  search: endpoint({
    method: 'POST',
    path: `${P}/runs/search`,
    request: z.object({
      experimentIds: z.array(z.string()).min(1),
      filter: z.string().optional(),
      runViewType: viewType,
      orderBy: z.array(z.string()).optional(),
      ...page,
    }),
    response: z.object({
      runs: z.array(runSchema).default([]),
      nextPageToken: z.string().optional(),
    }),
  }),
  delete: endpoint({
    method: 'POST',
    path: `${P}/runs/delete`,
    request: z.object({ runId: z.string() }),
    response: empty,
  }),
  restore: endpoint({
    method: 'POST',
    path: `${P}/runs/restore`,
    request: z.object({ runId: z.string() }),
    response: empty,
  }),
  setTag: endpoint({
    method: 'POST',
    path: `${P}/runs/set-tag`,
    request: z.object({ runId: z.string(), key: z.string(), value: z.string() }),
    response: empty,
  }),
  deleteTag: endpoint({
    method: 'POST',
    path: `${P}/runs/delete-tag`,
    request: z.object({ runId: z.string(), key: z.string() }),
    response: empty,
  }),
  logParam: endpoint({
    method: 'POST',
    path: `${P}/runs/log-parameter`,
    request: z.object({ runId: z.string(), key: z.string(), value: z.string() }),
    response: empty,
  }),
  logMetric: endpoint({
    method: 'POST',
    path: `${P}/runs/log-metric`,
    request: wireMetric.extend({ runId: z.string() }),
    response: empty,
  }),
  logBatch: endpoint({
    method: 'POST',
    path: `${P}/runs/log-batch`,
    request: z.object({
      runId: z.string(),
      metrics: z.array(wireMetric).optional(),
      params: z.array(keyValueSchema).optional(),
      tags: z.array(keyValueSchema).optional(),
    }),
    response: empty,
  }),
  logInputs: endpoint({
    method: 'POST',
    path: `${P}/runs/log-inputs`,
    request: z.object({
      runId: z.string(),
      datasets: z.array(datasetInputSchema),
      // MLflow 3: the LoggedModels the run used (an evaluation's program).
      models: z.array(z.object({ modelId: z.string() })).optional(),
    }),
    response: empty,
  }),
  logOutputs: endpoint({
    method: 'POST',
    path: `${P}/runs/outputs`,
    request: z.object({
      runId: z.string(),
      models: z.array(z.object({ modelId: z.string(), step: z.number().int() })),
    }),
    response: empty,
  }),
  metricHistory: endpoint({
    method: 'GET',
    path: `${P}/metrics/get-history`,
    request: z.object({ runId: z.string(), metricKey: z.string(), ...page }),
    response: z.object({
      metrics: z.array(metricSchema).default([]),
      nextPageToken: z.string().optional(),
    }),
  }),
};
