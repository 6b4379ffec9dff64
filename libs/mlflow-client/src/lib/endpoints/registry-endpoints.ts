import { z } from 'zod';
import {
  MLFLOW_API_PREFIX as P,
  emptySchema as empty,
  endpoint,
  pageFields as page,
} from './endpoint-spec';
import {
  keyValueSchema,
  loggedModelSchema,
  modelVersionSchema,
  registeredModelSchema,
} from './entity-schemas';

const searchReq = z.object({
  filter: z.string().optional(),
  orderBy: z.array(z.string()).optional(),
  ...page,
});
const nameVersion = { name: z.string(), version: z.string() };
const tagReq = { key: z.string(), value: z.string() };

/** Registered-model endpoints (including aliases). */
export const registeredModelEndpoints = {
  create: endpoint({
    method: 'POST',
    path: `${P}/registered-models/create`,
    request: z.object({
      name: z.string().min(1),
      description: z.string().optional(),
      tags: z.array(keyValueSchema).optional(),
    }),
    response: z.object({ registeredModel: registeredModelSchema }),
  }),
  get: endpoint({
    method: 'GET',
    path: `${P}/registered-models/get`,
    request: z.object({ name: z.string() }),
    response: z.object({ registeredModel: registeredModelSchema }),
  }),
  search: endpoint({
    method: 'GET',
    path: `${P}/registered-models/search`,
    request: searchReq,
    response: z.object({
      registeredModels: z.array(registeredModelSchema).default([]),
      nextPageToken: z.string().optional(),
    }),
  }),
  update: endpoint({
    method: 'PATCH',
    path: `${P}/registered-models/update`,
    request: z.object({ name: z.string(), description: z.string() }),
    response: z.object({ registeredModel: registeredModelSchema }),
  }),
  setTag: endpoint({
    method: 'POST',
    path: `${P}/registered-models/set-tag`,
    request: z.object({ name: z.string(), ...tagReq }),
    response: empty,
  }),
  deleteTag: endpoint({
    method: 'DELETE',
    path: `${P}/registered-models/delete-tag`,
    request: z.object({ name: z.string(), key: z.string() }),
    response: empty,
  }),
  delete: endpoint({
    method: 'DELETE',
    path: `${P}/registered-models/delete`,
    request: z.object({ name: z.string() }),
    response: empty,
  }),
  setAlias: endpoint({
    method: 'POST',
    path: `${P}/registered-models/alias`,
    request: z.object({ name: z.string(), alias: z.string(), version: z.string() }),
    response: empty,
  }),
  deleteAlias: endpoint({
    method: 'DELETE',
    path: `${P}/registered-models/alias`,
    request: z.object({ name: z.string(), alias: z.string() }),
    response: empty,
  }),
  getByAlias: endpoint({
    method: 'GET',
    path: `${P}/registered-models/alias`,
    request: z.object({ name: z.string(), alias: z.string() }),
    response: z.object({ modelVersion: modelVersionSchema }),
  }),
};

/** Model-version endpoints. */
export const modelVersionEndpoints = {
  create: endpoint({
    method: 'POST',
    path: `${P}/model-versions/create`,
    request: z.object({
      name: z.string(),
      source: z.string(),
      runId: z.string().optional(),
      modelId: z.string().optional(),
      description: z.string().optional(),
      tags: z.array(keyValueSchema).optional(),
    }),
    response: z.object({ modelVersion: modelVersionSchema }),
  }),
  get: endpoint({
    method: 'GET',
    path: `${P}/model-versions/get`,
    request: z.object(nameVersion),
    response: z.object({ modelVersion: modelVersionSchema }),
  }),
  search: endpoint({
    method: 'GET',
    path: `${P}/model-versions/search`,
    request: searchReq,
    response: z.object({
      modelVersions: z.array(modelVersionSchema).default([]),
      nextPageToken: z.string().optional(),
    }),
  }),
  setTag: endpoint({
    method: 'POST',
    path: `${P}/model-versions/set-tag`,
    request: z.object({ ...nameVersion, ...tagReq }),
    response: empty,
  }),
  downloadUri: endpoint({
    method: 'GET',
    path: `${P}/model-versions/get-download-uri`,
    request: z.object(nameVersion),
    response: z.object({ artifactUri: z.string() }),
  }),
};

/** MLflow 3 LoggedModel endpoints. */
export const loggedModelEndpoints = {
  create: endpoint({
    method: 'POST',
    path: `${P}/logged-models`,
    request: z.object({
      experimentId: z.string(),
      name: z.string().optional(),
      modelType: z.string().optional(),
      sourceRunId: z.string().optional(),
      params: z.array(keyValueSchema).optional(),
      tags: z.array(keyValueSchema).optional(),
    }),
    response: z.object({ model: loggedModelSchema }),
  }),
  get: endpoint({
    method: 'GET',
    path: `${P}/logged-models/{modelId}`,
    request: z.object({ modelId: z.string() }),
    response: z.object({ model: loggedModelSchema }),
  }),
  finalize: endpoint({
    method: 'PATCH',
    path: `${P}/logged-models/{modelId}`,
    request: z.object({
      modelId: z.string(),
      status: z.enum(['LOGGED_MODEL_READY', 'LOGGED_MODEL_UPLOAD_FAILED']),
    }),
    response: z.object({ model: loggedModelSchema }),
  }),
  setTags: endpoint({
    method: 'PATCH',
    path: `${P}/logged-models/{modelId}/tags`,
    request: z.object({ modelId: z.string(), tags: z.array(keyValueSchema) }),
    response: empty,
  }),
  logParams: endpoint({
    method: 'POST',
    path: `${P}/logged-models/{modelId}/params`,
    request: z.object({ modelId: z.string(), params: z.array(keyValueSchema) }),
    response: empty,
  }),
  search: endpoint({
    method: 'POST',
    path: `${P}/logged-models/search`,
    request: z.object({
      experimentIds: z.array(z.string()).min(1),
      filter: z.string().optional(),
      ...page,
    }),
    response: z.object({
      models: z.array(loggedModelSchema).default([]),
      nextPageToken: z.string().optional(),
    }),
  }),
};
