import type { ArtifactsApi } from '../artifacts/artifacts-api';
import { validateArtifactPath } from '../artifacts/artifact-path';
import type { SpecCaller } from '../endpoints/spec-caller';
import { collect, paginate, toKeyValues, type Page } from '../client/paging';
import { MlflowClientError } from '../errors/mlflow-client-error';
import type { ModelVersion, RegisteredModel } from '../endpoints/entity-schemas';
import {
  modelVersionEndpoints as V,
  registeredModelEndpoints as M,
} from '../endpoints/registry-endpoints';
import { runEndpoints } from '../endpoints/tracking-endpoints';
import { parseModelUri } from './model-uri';

/** Search options (MLflow filter syntax, e.g. `name = 'cited'`). */
export interface RegistrySearch {
  filter?: string;
  orderBy?: string[];
  maxResults?: number;
  pageToken?: string;
}

/** Options when creating a model version. */
export interface CreateVersionOptions {
  tags?: Record<string, string>;
  description?: string;
  /** Wait until READY (default true) for at most this many ms (default 300 000). */
  waitReadyMs?: number | false;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Model registry: registered models, versions, aliases, downloads and `models:/` URIs. */
export class RegistryApi {
  constructor(
    private readonly c: SpecCaller,
    private readonly artifacts: ArtifactsApi,
  ) {}

  /** Creates a registered model. */
  async createModel(
    name: string,
    options: { description?: string; tags?: Record<string, string> } = {},
  ): Promise<RegisteredModel> {
    const r = await this.c.call(M.create, {
      name,
      description: options.description,
      tags: toKeyValues(options.tags),
    });
    return r.registeredModel;
  }

  /** Gets a registered model (with its aliases). */
  async getModel(name: string): Promise<RegisteredModel> {
    return (await this.c.call(M.get, { name })).registeredModel;
  }

  /** One page of registered models. */
  async searchModels(options: RegistrySearch = {}): Promise<Page<RegisteredModel>> {
    const r = await this.c.call(M.search, { maxResults: 1000, ...options });
    return { items: r.registeredModels, nextPageToken: r.nextPageToken };
  }

  /** Every matching registered model. */
  searchAllModels(options: Omit<RegistrySearch, 'pageToken'> = {}): Promise<RegisteredModel[]> {
    return collect(paginate((pageToken) => this.searchModels({ ...options, pageToken })));
  }

  /** Sets a registered model's description. */
  async setModelDescription(name: string, description: string): Promise<RegisteredModel> {
    return (await this.c.call(M.update, { name, description })).registeredModel;
  }

  /** Sets a registered-model tag. */
  async setModelTag(name: string, key: string, value: string): Promise<void> {
    await this.c.call(M.setTag, { name, key, value });
  }

  /** Deletes a registered-model tag. */
  async deleteModelTag(name: string, key: string): Promise<void> {
    await this.c.call(M.deleteTag, { name, key });
  }

  /** Deletes a registered model with all its versions. */
  async deleteModel(name: string): Promise<void> {
    await this.c.call(M.delete, { name });
  }

  /** Creates a version from `source` (a `mlflow-artifacts:` URI or `models:/<model_id>`). */
  async createVersion(
    name: string,
    source: string,
    link: { runId?: string; modelId?: string },
    options: CreateVersionOptions = {},
  ): Promise<ModelVersion> {
    const r = await this.c.call(V.create, {
      name,
      source,
      runId: link.runId,
      modelId: link.modelId,
      description: options.description,
      tags: toKeyValues(options.tags),
    });
    const mv = r.modelVersion;
    if (options.waitReadyMs === false) return mv;
    return this.waitUntilReady(name, mv.version, options.waitReadyMs ?? 300_000);
  }

  /** Registers `runs:/<runId>/<path>` (resolved to the run's artifact URI, like MLflow's client). */
  async createVersionFromRun(
    name: string,
    runId: string,
    artifactPath: string,
    options: CreateVersionOptions = {},
  ): Promise<ModelVersion> {
    const path = validateArtifactPath(artifactPath);
    const { run } = await this.c.call(runEndpoints.get, { runId });
    const base = (run.info.artifactUri ?? '').replace(/\/+$/, '');
    return this.createVersion(name, path ? `${base}/${path}` : base, { runId }, options);
  }

  /** Registers a LoggedModel (`models:/<modelId>`). */
  createVersionFromLoggedModel(
    name: string,
    modelId: string,
    options: CreateVersionOptions = {},
  ): Promise<ModelVersion> {
    return this.createVersion(name, `models:/${modelId}`, { modelId }, options);
  }

  /** Polls a version until READY; `conflict` error when registration failed, `timeout` when slow. */
  async waitUntilReady(name: string, version: string, timeoutMs = 300_000): Promise<ModelVersion> {
    const deadline = Date.now() + timeoutMs;
    for (let wait = 100; ; wait = Math.min(wait * 2, 2000)) {
      const mv = await this.getVersion(name, version);
      if (mv.status === 'READY' || mv.status === undefined) return mv;
      if (mv.status === 'FAILED_REGISTRATION')
        throw new MlflowClientError(
          'conflict',
          `model version ${name}/${version} failed to register: ${mv.statusMessage ?? ''}`,
        );
      if (Date.now() > deadline)
        throw new MlflowClientError(
          'timeout',
          `model version ${name}/${version} is not READY after ${timeoutMs} ms.`,
        );
      await sleep(wait);
    }
  }

  /** Gets a version, its `aliases` completed from the registered model (search/get may leave them empty). */
  async getVersion(name: string, version: string): Promise<ModelVersion> {
    const mv = (await this.c.call(V.get, { name, version })).modelVersion;
    if (mv.aliases.length > 0) return mv;
    const model = await this.getModel(name);
    return {
      ...mv,
      aliases: model.aliases.filter((a) => a.version === mv.version).map((a) => a.alias),
    };
  }

  /** One page of versions (e.g. filter `name = 'cited'`). Aliases may be empty here: see {@link getVersion}. */
  async searchVersions(options: RegistrySearch = {}): Promise<Page<ModelVersion>> {
    const r = await this.c.call(V.search, { maxResults: 10_000, ...options });
    return { items: r.modelVersions, nextPageToken: r.nextPageToken };
  }

  /** Every matching version. */
  searchAllVersions(options: Omit<RegistrySearch, 'pageToken'> = {}): Promise<ModelVersion[]> {
    return collect(paginate((pageToken) => this.searchVersions({ ...options, pageToken })));
  }

  /** Sets a model-version tag. */
  async setVersionTag(name: string, version: string, key: string, value: string): Promise<void> {
    await this.c.call(V.setTag, { name, version, key, value });
  }

  /** Points `alias` at `version` (moving it if it pointed elsewhere). */
  async setAlias(name: string, alias: string, version: string): Promise<void> {
    if (!/^[\w-]+$/.test(alias) || alias === 'latest' || /^v\d+$/.test(alias))
      throw new MlflowClientError(
        'invalid_argument',
        `alias '${alias}' breaks MLflow's rule ^[\\w-]+$ (and 'latest', 'v<digits>' are reserved).`,
      );
    await this.c.call(M.setAlias, { name, alias, version });
  }

  /** Removes an alias. */
  async deleteAlias(name: string, alias: string): Promise<void> {
    await this.c.call(M.deleteAlias, { name, alias });
  }

  /** The version an alias points to (through the alias endpoint, which is authoritative). */
  async getVersionByAlias(name: string, alias: string): Promise<ModelVersion> {
    let mv: ModelVersion;
    try {
      mv = (await this.c.call(M.getByAlias, { name, alias })).modelVersion;
    } catch (error) {
      // MLflow answers a missing alias with 400 INVALID_PARAMETER_VALUE: make it a not_found.
      if (
        MlflowClientError.isInstance(error) &&
        error.code === 'invalid_argument' &&
        /alias/i.test(error.message)
      )
        throw new MlflowClientError(
          'not_found',
          `registered model '${name}' has no alias '${alias}'.`,
          {
            status: error.status,
            errorCode: error.errorCode,
            endpoint: error.endpoint,
            fix: 'Set it with setAlias(name, alias, version) or use models:/<name>/<version>.',
          },
        );
      throw error;
    }
    return mv.aliases.includes(alias) ? mv : { ...mv, aliases: [...mv.aliases, alias] };
  }

  /** Resolves `models:/<name>@<alias>` or `models:/<name>/<version>` to a model version. */
  async resolveModelUri(uri: string): Promise<ModelVersion> {
    const parsed = parseModelUri(uri);
    if (parsed.kind === 'alias') return this.getVersionByAlias(parsed.name, parsed.alias);
    if (parsed.kind === 'version') return this.getVersion(parsed.name, parsed.version);
    throw new MlflowClientError(
      'invalid_argument',
      `'${uri}' names a LoggedModel, not a registered model version.`,
      {
        fix: 'Use client.loggedModels.get(modelId).',
      },
    );
  }

  /** The artifact URI of a version's files. */
  async downloadUri(name: string, version: string): Promise<string> {
    return (await this.c.call(V.downloadUri, { name, version })).artifactUri;
  }

  /** Downloads a version's files (or those of `models:/…` URI) into `localDir`. Returns the file count. */
  async downloadVersion(
    nameOrUri: string,
    versionOrDir: string,
    localDir?: string,
  ): Promise<number> {
    let name = nameOrUri;
    let version = versionOrDir;
    let dir = localDir;
    if (localDir === undefined) {
      const mv = await this.resolveModelUri(nameOrUri);
      name = mv.name;
      version = mv.version;
      dir = versionOrDir;
    }
    const uri = await this.downloadUri(name, version);
    return this.artifacts.downloadDir({ artifactUri: uri }, '', dir ?? '.');
  }
}
