import type { SpecCaller } from '../endpoints/spec-caller';
import { collect, paginate, toKeyValues, type Page } from '../client/paging';
import type { LoggedModel } from '../endpoints/entity-schemas';
import { loggedModelEndpoints as L } from '../endpoints/registry-endpoints';

/** MLflow 3 LoggedModels: an optimized program logged as a model of its run. */
export class LoggedModelsApi {
  constructor(private readonly c: SpecCaller) {}

  /** Creates a LoggedModel (status PENDING until {@link finalize}); upload files to `info.artifactUri`. */
  async create(options: {
    experimentId: string;
    name?: string;
    sourceRunId?: string;
    modelType?: string;
    params?: Record<string, string>;
    tags?: Record<string, string>;
  }): Promise<LoggedModel> {
    const r = await this.c.call(L.create, {
      ...options,
      params: toKeyValues(options.params),
      tags: toKeyValues(options.tags),
    });
    return r.model;
  }

  /** Gets a LoggedModel. */
  async get(modelId: string): Promise<LoggedModel> {
    return (await this.c.call(L.get, { modelId })).model;
  }

  /** Marks the upload done (READY) or failed. */
  async finalize(
    modelId: string,
    status: 'READY' | 'UPLOAD_FAILED' = 'READY',
  ): Promise<LoggedModel> {
    const r = await this.c.call(L.finalize, {
      modelId,
      status: status === 'READY' ? 'LOGGED_MODEL_READY' : 'LOGGED_MODEL_UPLOAD_FAILED',
    });
    return r.model;
  }

  /** Sets tags of a LoggedModel (existing keys are overwritten). */
  async setTags(modelId: string, tags: Record<string, string>): Promise<void> {
    await this.c.call(L.setTags, { modelId, tags: toKeyValues(tags) });
  }

  /** Logs params of a LoggedModel (MLflow refuses a different value for an existing key). */
  async logParams(modelId: string, params: Record<string, string>): Promise<void> {
    await this.c.call(L.logParams, { modelId, params: toKeyValues(params) });
  }

  /** One page of LoggedModels. */
  async search(options: {
    experimentIds: string[];
    filter?: string;
    maxResults?: number;
    pageToken?: string;
  }): Promise<Page<LoggedModel>> {
    const r = await this.c.call(L.search, { maxResults: 100, ...options });
    return { items: r.models, nextPageToken: r.nextPageToken };
  }

  /** Every matching LoggedModel. */
  searchAll(options: { experimentIds: string[]; filter?: string }): Promise<LoggedModel[]> {
    return collect(paginate((pageToken) => this.search({ ...options, pageToken })));
  }
}
