import { z } from 'zod';
import type { DatasetInput, Metric, Run, RunInfo, RunStatus } from '../endpoints/entity-schemas';
import { runEndpoints as R } from '../endpoints/tracking-endpoints';
import {
  validateMetric,
  validateParam,
  validateTag,
  wireMetricValue,
  type NonFiniteMetricPolicy,
} from '../validation/mlflow-validation';
import { splitLogBatch, type WireMetric } from './log-batch-splitter';
import type { SpecCaller } from '../endpoints/spec-caller';
import { collect, paginate, toKeyValues, type Page } from './paging';
import { mapLimit } from '../util/map-limit';

/** A metric value to log; `timestamp` defaults to now, `step` to 0. */
export interface MetricInput {
  key: string;
  value: number;
  step?: number;
  timestamp?: number;
  /** The LoggedModel this metric evaluates (MLflow 3 links the value to the model). */
  modelId?: string;
  /** Name and digest of the dataset it was computed on (with `modelId`). */
  datasetName?: string;
  datasetDigest?: string;
}

/** Records for {@link RunsApi.logBatch}: any number, split into valid requests. */
export interface BatchInput {
  metrics?: readonly MetricInput[];
  params?: Readonly<Record<string, string>> | readonly { key: string; value: string }[];
  tags?: Readonly<Record<string, string>> | readonly { key: string; value: string }[];
}

/** A dataset to attach to a run (the dataset-manifest fields map 1:1). */
export const datasetInputSpecSchema = z.object({
  name: z.string(),
  digest: z.string(),
  sourceType: z.string(),
  source: z.string(),
  schema: z.string().optional(),
  profile: z.string().optional(),
  /** Stored as the `mlflow.data.context` tag: `training`, `eval`, … */
  context: z.string().optional(),
});

/** A dataset to attach to a run. */
export type DatasetInputSpec = z.infer<typeof datasetInputSpecSchema>;

/** Search options for runs (MLflow filter syntax, e.g. `metrics.f1 > 0.8 and tags.kind = 'eval'`). */
export interface RunSearch {
  experimentIds: string[];
  filter?: string;
  orderBy?: string[];
  runViewType?: 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';
  maxResults?: number;
  pageToken?: string;
}

function pairs(v: BatchInput['params']): { key: string; value: string }[] {
  if (v === undefined) return [];
  return Array.isArray(v)
    ? [...(v as { key: string; value: string }[])]
    : toKeyValues(v as Record<string, string>);
}

/** Runs: lifecycle, search, params/metrics/tags (batched), inputs, metric history. */
export class RunsApi {
  constructor(
    private readonly c: SpecCaller,
    private readonly nonFinite: NonFiniteMetricPolicy,
    private readonly logBatchConcurrency: number,
  ) {}

  /** Creates a run (status RUNNING). */
  async create(options: {
    experimentId: string;
    runName?: string;
    tags?: Record<string, string>;
    startTime?: number;
  }): Promise<Run> {
    const tags = toKeyValues(options.tags);
    for (const t of tags) validateTag(t.key, t.value);
    const r = await this.c.call(R.create, {
      experimentId: options.experimentId,
      runName: options.runName,
      startTime: options.startTime ?? Date.now(),
      tags,
    });
    return r.run;
  }

  /** Gets a run with its data and inputs. */
  async get(runId: string): Promise<Run> {
    return (await this.c.call(R.get, { runId })).run;
  }

  /** Updates status, end time or name. */
  async update(
    runId: string,
    changes: { status?: RunStatus; endTime?: number; runName?: string },
  ): Promise<RunInfo> {
    return (await this.c.call(R.update, { runId, ...changes })).runInfo;
  }

  /** Ends a run with a final status (default FINISHED) and end time (default now). */
  terminate(runId: string, status: RunStatus = 'FINISHED', endTime = Date.now()): Promise<RunInfo> {
    return this.update(runId, { status, endTime });
  }

  /** One page of runs. */
  async search(options: RunSearch): Promise<Page<Run>> {
    const r = await this.c.call(R.search, { maxResults: 1000, ...options });
    return { items: r.runs, nextPageToken: r.nextPageToken };
  }

  /** Every matching run, following pages. */
  searchAll(options: Omit<RunSearch, 'pageToken'>): Promise<Run[]> {
    return collect(paginate((pageToken) => this.search({ ...options, pageToken })));
  }

  /** Marks a run deleted (restorable). */
  async delete(runId: string): Promise<void> {
    await this.c.call(R.delete, { runId });
  }

  /** Restores a deleted run. */
  async restore(runId: string): Promise<void> {
    await this.c.call(R.restore, { runId });
  }

  /** Sets a run tag. */
  async setTag(runId: string, key: string, value: string): Promise<void> {
    validateTag(key, value);
    await this.c.call(R.setTag, { runId, key, value });
  }

  /** Deletes a run tag. */
  async deleteTag(runId: string, key: string): Promise<void> {
    await this.c.call(R.deleteTag, { runId, key });
  }

  /** Logs one param (MLflow refuses a different value for an existing key). */
  async logParam(runId: string, key: string, value: string): Promise<void> {
    validateParam(key, value);
    await this.c.call(R.logParam, { runId, key, value });
  }

  /** Logs one metric value. */
  async logMetric(runId: string, metric: MetricInput): Promise<void> {
    const m = this.wireMetric(metric);
    await this.c.call(R.logMetric, { runId, ...m });
  }

  /**
   * Logs any number of metrics, params and tags in as few `log-batch` requests as MLflow's
   * limits allow. Everything is validated before the first request. Returns the request count.
   * `concurrency` (default: the client's `logBatchConcurrency`, 2) requests are in flight at
   * once; after a failure no further request starts.
   */
  async logBatch(
    runId: string,
    input: BatchInput,
    options: { concurrency?: number } = {},
  ): Promise<number> {
    const params = pairs(input.params);
    const tags = pairs(input.tags);
    for (const p of params) validateParam(p.key, p.value);
    for (const t of tags) validateTag(t.key, t.value);
    const metrics = (input.metrics ?? []).map((m) => this.wireMetric(m));
    const chunks = splitLogBatch({ metrics, params, tags });
    const concurrency = options.concurrency ?? this.logBatchConcurrency;
    await mapLimit(chunks, concurrency, (chunk) => this.c.call(R.logBatch, { runId, ...chunk }));
    return chunks.length;
  }

  /** Attaches datasets to a run, each with its `mlflow.data.context` tag. */
  async logInputs(runId: string, datasets: readonly DatasetInputSpec[]): Promise<void> {
    const wire: DatasetInput[] = datasets.map(({ context, ...dataset }) => ({
      dataset,
      tags: context === undefined ? [] : [{ key: 'mlflow.data.context', value: context }],
    }));
    await this.c.call(R.logInputs, { runId, datasets: wire });
  }

  /** Links LoggedModels to a run as its outputs (the run page's "Logged models"). */
  async logOutputs(
    runId: string,
    models: readonly { modelId: string; step?: number }[],
  ): Promise<void> {
    await this.c.call(R.logOutputs, {
      runId,
      models: models.map((m) => ({ modelId: m.modelId, step: m.step ?? 0 })),
    });
  }

  /** Links LoggedModels to a run as inputs it used (e.g. the program an evaluation ran). */
  async logModelInputs(runId: string, modelIds: readonly string[]): Promise<void> {
    await this.c.call(R.logInputs, {
      runId,
      datasets: [],
      models: modelIds.map((modelId) => ({ modelId })),
    });
  }

  /** Every logged value of one metric, in server order, following pages. */
  metricHistory(runId: string, metricKey: string): Promise<Metric[]> {
    return collect(
      paginate(async (pageToken) => {
        const r = await this.c.call(R.metricHistory, {
          runId,
          metricKey,
          pageToken,
          maxResults: 25000,
        });
        return { items: r.metrics, nextPageToken: r.nextPageToken };
      }),
    );
  }

  private wireMetric(m: MetricInput): WireMetric {
    const full = {
      key: m.key,
      value: m.value,
      timestamp: m.timestamp ?? Date.now(),
      step: m.step ?? 0,
    };
    validateMetric(full, this.nonFinite);
    return {
      ...full,
      value: wireMetricValue(full.value),
      ...(m.modelId === undefined ? {} : { modelId: m.modelId }),
      ...(m.datasetName === undefined ? {} : { datasetName: m.datasetName }),
      ...(m.datasetDigest === undefined ? {} : { datasetDigest: m.datasetDigest }),
    };
  }
}
