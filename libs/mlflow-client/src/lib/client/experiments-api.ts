import { MlflowClientError } from '../errors/mlflow-client-error';
import type { Experiment } from '../endpoints/entity-schemas';
import { experimentEndpoints as E } from '../endpoints/tracking-endpoints';
import type { SpecCaller } from '../endpoints/spec-caller';
import { collect, paginate, toKeyValues, type Page } from './paging';

/** Search options for experiments (MLflow filter syntax, e.g. `name LIKE 'eval-%'`). */
export interface ExperimentSearch {
  filter?: string;
  orderBy?: string[];
  viewType?: 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';
  maxResults?: number;
  pageToken?: string;
}

/** Experiments: create, get, search, tags, delete/restore. */
export class ExperimentsApi {
  constructor(private readonly c: SpecCaller) {}

  /** Creates an experiment and returns its id. */
  async create(
    name: string,
    options: { artifactLocation?: string; tags?: Record<string, string> } = {},
  ): Promise<string> {
    const r = await this.c.call(E.create, {
      name,
      artifactLocation: options.artifactLocation,
      tags: toKeyValues(options.tags),
    });
    return r.experimentId;
  }

  /** Gets an experiment by id (`not_found` error when missing). */
  async get(experimentId: string): Promise<Experiment> {
    return (await this.c.call(E.get, { experimentId })).experiment;
  }

  /** Gets an experiment by name, or null when none has that name. */
  async getByName(name: string): Promise<Experiment | null> {
    try {
      return (await this.c.call(E.getByName, { experimentName: name })).experiment;
    } catch (error) {
      if (MlflowClientError.isInstance(error) && error.code === 'not_found') return null;
      throw error;
    }
  }

  /**
   * Returns the id of the experiment called `name`, creating it when missing (also when
   * another process creates it at the same moment).
   */
  async getOrCreate(name: string): Promise<string> {
    const found = await this.getByName(name);
    if (found) {
      if (found.lifecycleStage === 'deleted')
        throw new MlflowClientError('conflict', `experiment '${name}' is deleted.`, {
          fix: `Restore it (experiments.restore('${found.experimentId}')) or choose another name.`,
        });
      return found.experimentId;
    }
    try {
      return await this.create(name);
    } catch (error) {
      if (!(MlflowClientError.isInstance(error) && error.code === 'conflict')) throw error;
      const raced = await this.getByName(name);
      if (!raced) throw error;
      return raced.experimentId;
    }
  }

  /** One page of experiments. */
  async search(options: ExperimentSearch = {}): Promise<Page<Experiment>> {
    const r = await this.c.call(E.search, { maxResults: 1000, ...options });
    return { items: r.experiments, nextPageToken: r.nextPageToken };
  }

  /** Every matching experiment, following pages. */
  searchAll(options: Omit<ExperimentSearch, 'pageToken'> = {}): Promise<Experiment[]> {
    return collect(paginate((pageToken) => this.search({ ...options, pageToken })));
  }

  /** Sets an experiment tag. */
  async setTag(experimentId: string, key: string, value: string): Promise<void> {
    await this.c.call(E.setTag, { experimentId, key, value });
  }

  /** Marks an experiment deleted (restorable). */
  async delete(experimentId: string): Promise<void> {
    await this.c.call(E.delete, { experimentId });
  }

  /** Restores a deleted experiment. */
  async restore(experimentId: string): Promise<void> {
    await this.c.call(E.restore, { experimentId });
  }
}
