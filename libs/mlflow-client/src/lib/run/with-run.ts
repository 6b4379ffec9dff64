import { resolve } from 'node:path';
import type { MlflowClient } from '../client/mlflow-client';
import { splitLogBatch } from '../client/log-batch-splitter';
import type { DatasetInputSpec, MetricInput } from '../client/runs-api';
import { runEndpoints } from '../endpoints/tracking-endpoints';
import type { RunStatus } from '../endpoints/entity-schemas';
import { DEFAULT_SPOOL_DIR, writeSpoolEntry } from '../spool/spool-store';
import { validateArtifactPath } from '../artifacts/artifact-path';
import {
  validateMetric,
  validateParam,
  validateTag,
  wireMetricValue,
} from '../validation/mlflow-validation';
import { RunTraces } from '../tracing/run-traces';
import type { TraceRecordInput } from '../tracing/trace-record';
import { isOutage } from './outage';
import { RunBuffer } from './run-buffer';

/** What a run is created with. */
export interface WithRunOptions {
  /** Experiment name (created when missing) or `{ id }`. */
  experiment: string | { id: string };
  runName?: string;
  tags?: Record<string, string>;
  /** Makes this a nested child run (`mlflow.parentRunId` tag). */
  parentRunId?: string;
  /** Flush when this many metrics/params/tags are buffered (default 1000). */
  flushSize?: number;
  /** Flush at least this often, in ms (default 5000; 0 disables the timer). */
  flushIntervalMs?: number;
  /** Where runs go when the server stays away (default `.cited/spool`). */
  spoolDir?: string;
  /** Receives notices for the user (the spool path, …). Default: stderr. */
  notify?: (message: string) => void;
  /** End the run KILLED on SIGINT/SIGTERM (default true). */
  handleSignals?: boolean;
}

/** The run handle given to the callback of {@link withRun}. Log calls validate synchronously. */
export interface ActiveRun {
  /** Server id, or undefined when the server was unreachable at start (the run will be spooled). */
  readonly runId: string | undefined;
  logParam(key: string, value: string | number | boolean): void;
  logParams(params: Record<string, string | number | boolean>): void;
  logMetric(key: string, value: number, step?: number, timestamp?: number): void;
  logMetrics(metrics: readonly MetricInput[]): void;
  setTag(key: string, value: string): void;
  logInputs(datasets: readonly DatasetInputSpec[]): Promise<void>;
  logArtifact(localFile: string, artifactPath?: string): Promise<void>;
  logArtifactBuffer(data: Buffer | string, artifactPath: string): Promise<void>;
  /**
   * Logs a trace linked to this run (validated now; `invalid_argument` when malformed). It is
   * written to a journal file in the spool folder and sent in batches in the background;
   * traces the server has not accepted when the run ends go into its spool entry. Scrub
   * personal data before building it: it is sent as it is.
   */
  logTrace(trace: TraceRecordInput): void;
  /** Sends everything buffered now, traces included (failures stay buffered). */
  flush(): Promise<void>;
  /** Runs `fn` in a nested child run. */
  child<T>(
    options: Omit<WithRunOptions, 'experiment' | 'parentRunId'>,
    fn: (run: ActiveRun) => Promise<T>,
  ): Promise<T>;
}

/**
 * Creates a run, hands it to `fn`, and ends it FINISHED (FAILED when `fn` throws, KILLED on
 * SIGINT/SIGTERM). Metrics, params and tags are buffered and sent in batches. When the
 * server is unreachable the records wait and are retried; if it is still away at the end,
 * the run is written to the spool (replay with `eval-runner mlflow sync`).
 */
export async function withRun<T>(
  client: MlflowClient,
  options: WithRunOptions,
  fn: (run: ActiveRun) => Promise<T>,
): Promise<T> {
  const notify = options.notify ?? ((m: string) => process.stderr.write(`${m}\n`));
  const buffer = new RunBuffer();
  const startTime = Date.now();
  const tags: Record<string, string> = { ...options.tags };
  if (options.parentRunId) tags['mlflow.parentRunId'] = options.parentRunId;
  for (const [k, v] of Object.entries(tags)) validateTag(k, v);
  const experimentName = typeof options.experiment === 'string' ? options.experiment : undefined;
  let experimentId = typeof options.experiment === 'string' ? undefined : options.experiment.id;
  let runId: string | undefined;
  // Where the run's artifacts go, as the server reported it at creation: uploads need no
  // `runs/get` to find it.
  let artifactUri: string | undefined;
  try {
    experimentId ??= await client.experiments.getOrCreate(experimentName ?? 'Default');
    const created = (
      await client.runs.create({ experimentId, runName: options.runName, tags, startTime })
    ).info;
    runId = created.runId;
    artifactUri = created.artifactUri || undefined;
  } catch (error) {
    if (!isOutage(error)) throw error;
    notify(
      `MLflow unreachable at ${client.trackingUri}: recording run '${options.runName ?? ''}' locally.`,
    );
    buffer.add({ tags: Object.entries(tags).map(([key, value]) => ({ key, value })) });
  }

  const traces = new RunTraces(client.traces, {
    spoolDir: resolve(options.spoolDir ?? DEFAULT_SPOOL_DIR),
    isOutage,
    onRejected: (error, n) =>
      notify(
        `MLflow rejected ${n} trace(s) of run '${options.runName ?? runId ?? ''}': ${error instanceof Error ? error.message : String(error)}`,
      ),
  });
  traces.setTarget(
    runId !== undefined && experimentId !== undefined ? { experimentId, runId } : undefined,
  );

  let flushing: Promise<void> = Promise.resolve();
  const sendBuffered = async (): Promise<void> => {
    if (runId === undefined || buffer.isEmpty) return;
    const batch = buffer.take();
    const id = runId;
    const at = artifactUri === undefined ? { runId: id } : { artifactUri };
    try {
      const chunks = splitLogBatch(batch);
      for (let i = 0; i < chunks.length; i++) {
        try {
          await client.call(runEndpoints.logBatch, { runId: id, ...chunks[i] });
        } catch (error) {
          const rest = chunks.slice(i);
          buffer.restore({
            ...batch,
            metrics: rest.flatMap((c) => c.metrics),
            params: rest.flatMap((c) => c.params),
            tags: rest.flatMap((c) => c.tags),
          });
          throw error;
        }
      }
      const sentInputs = batch.inputs;
      if (sentInputs.length > 0)
        await client.runs.logInputs(id, sentInputs).catch((e: unknown) => {
          buffer.add({ inputs: sentInputs, artifacts: batch.artifacts });
          batch.artifacts = [];
          throw e;
        });
      for (let i = 0; i < batch.artifacts.length; i++) {
        const a = batch.artifacts[i] as (typeof batch.artifacts)[number];
        try {
          if ('localFile' in a) await client.artifacts.uploadFile(at, a.localFile, a.artifactPath);
          else await client.artifacts.uploadBuffer(at, a.data, a.artifactPath);
        } catch (error) {
          buffer.add({ artifacts: batch.artifacts.slice(i) });
          throw error;
        }
      }
    } catch (error) {
      if (!isOutage(error)) throw error;
    }
  };
  const flush = (): Promise<void> => (flushing = flushing.then(sendBuffered, sendBuffered));
  const maybeFlush = () => {
    if (buffer.size >= (options.flushSize ?? 1000)) void flush().catch(() => undefined);
  };
  const interval = options.flushIntervalMs ?? 5000;
  const timer =
    interval > 0 ? setInterval(() => void flush().catch(() => undefined), interval) : undefined;
  timer?.unref();

  let ended = false;
  const end = async (status: RunStatus): Promise<void> => {
    if (ended) return;
    ended = true;
    if (timer) clearInterval(timer);
    await flush().catch(() => undefined);
    await flushing.catch(() => undefined);
    await traces.drain().catch(() => undefined);
    const unsentTraces = await traces.finish().catch((error: unknown) => {
      notify(`traces of run '${options.runName ?? ''}' lost: ${String(error)}`);
      return undefined;
    });
    const endTime = Date.now();
    if (runId !== undefined && buffer.isEmpty && unsentTraces === undefined) {
      try {
        await client.runs.update(runId, { status, endTime });
        return;
      } catch (error) {
        if (!isOutage(error)) throw error;
      }
    }
    const rest = buffer.take();
    const dir = await writeSpoolEntry(
      resolve(options.spoolDir ?? DEFAULT_SPOOL_DIR),
      {
        trackingUri: client.trackingUri,
        experimentId,
        experimentName,
        runId,
        runName: options.runName,
        startTime,
        endTime,
        status,
        tags: rest.tags,
        params: rest.params,
        metrics: rest.metrics,
        inputs: rest.inputs,
      },
      rest.artifacts,
      unsentTraces,
    );
    await traces.release();
    notify(
      `MLflow still unreachable: run saved to ${dir}. Replay it with: npx eval-runner mlflow sync`,
    );
  };

  const onSignal = (signal: NodeJS.Signals) => {
    removeHandlers();
    void end('KILLED').finally(() => {
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  };
  const handlers = (['SIGINT', 'SIGTERM'] as const).map((s) => [s, () => onSignal(s)] as const);
  const removeHandlers = () => handlers.forEach(([s, h]) => process.removeListener(s, h));
  if (options.handleSignals !== false) handlers.forEach(([s, h]) => process.on(s, h));

  const run: ActiveRun = {
    get runId() {
      return runId;
    },
    logParam: (key, value) => run.logParams({ [key]: value }),
    logParams: (params) => {
      const pairs = Object.entries(params).map(([key, v]) => ({ key, value: String(v) }));
      for (const p of pairs) validateParam(p.key, p.value);
      buffer.add({ params: pairs });
      maybeFlush();
    },
    logMetric: (key, value, step, timestamp) => run.logMetrics([{ key, value, step, timestamp }]),
    logMetrics: (metrics) => {
      const wire = metrics.map((m) => {
        const full = {
          key: m.key,
          value: m.value,
          step: m.step ?? 0,
          timestamp: m.timestamp ?? Date.now(),
        };
        validateMetric(full);
        return {
          ...full,
          value: wireMetricValue(full.value),
          ...(m.modelId === undefined ? {} : { modelId: m.modelId }),
          ...(m.datasetName === undefined ? {} : { datasetName: m.datasetName }),
          ...(m.datasetDigest === undefined ? {} : { datasetDigest: m.datasetDigest }),
        };
      });
      buffer.add({ metrics: wire });
      maybeFlush();
    },
    setTag: (key, value) => {
      validateTag(key, value);
      buffer.add({ tags: [{ key, value }] });
      maybeFlush();
    },
    logInputs: async (datasets) => {
      buffer.add({ inputs: [...datasets] });
      await flush();
    },
    logArtifact: async (localFile, artifactPath) => {
      const dest = validateArtifactPath(artifactPath ?? localFile.split(/[\\/]/).pop() ?? '');
      buffer.add({ artifacts: [{ localFile, artifactPath: dest }] });
      await flush();
    },
    logArtifactBuffer: async (data, artifactPath) => {
      buffer.add({
        artifacts: [{ data: Buffer.from(data), artifactPath: validateArtifactPath(artifactPath) }],
      });
      await flush();
    },
    logTrace: (trace) => traces.add(trace),
    flush: async () => {
      await flush();
      await traces.drain();
    },
    child: (childOptions, childFn) =>
      withRun(
        client,
        {
          ...options,
          ...childOptions,
          experiment: experimentId ? { id: experimentId } : options.experiment,
          parentRunId: runId,
        },
        childFn,
      ),
  };

  try {
    const result = await fn(run);
    removeHandlers();
    await end('FINISHED');
    return result;
  } catch (error) {
    removeHandlers();
    await end('FAILED');
    throw error;
  }
}
