import { fromKeyValues, type MlflowClient, type Run } from '@cited/mlflow-client';
import { CliError } from '../../cli/cli-error';
import { isUnknownId } from '../shared/mlflow-lookup-errors';

/** Metrics `runs list` shows, when a run has them. */
const HEADLINE_METRICS = ['token_f1', 'citation_precision', 'groundedness', 'latency_p95_ms'];

/** A run in `runs list`. */
export interface RunSummary {
  runId: string;
  name: string | null;
  status: string | null;
  kind: string | null;
  pipeline: string | null;
  programId: string | null;
  modelId: string | null;
  startedAt: string | null;
  metrics: Record<string, number>;
}

/** A run in `runs compare`: everything logged, latest metric values. */
export interface RunDetail extends RunSummary {
  params: Record<string, string>;
  allMetrics: Record<string, number>;
}

function summary(run: Run): RunDetail {
  const tags = fromKeyValues(run.data.tags);
  const all: Record<string, number> = {};
  for (const m of run.data.metrics) all[m.key] = m.value;
  return {
    runId: run.info.runId,
    name: run.info.runName ?? null,
    status: run.info.status ?? null,
    kind: tags['cited.kind'] ?? null,
    pipeline: tags['cited.pipeline'] ?? null,
    programId: tags['cited.program.id'] ?? null,
    modelId: tags['cited.logged_model_id'] ?? null,
    startedAt: run.info.startTime === undefined ? null : new Date(run.info.startTime).toISOString(),
    metrics: Object.fromEntries(
      HEADLINE_METRICS.filter((k) => all[k] !== undefined).map((k) => [k, all[k] as number]),
    ),
    params: fromKeyValues(run.data.params),
    allMetrics: all,
  };
}

/**
 * The newest runs of an experiment (by name, else id), newest first.
 * @throws CliError `bad_input` when no experiment has that name or id.
 */
export async function listRuns(
  client: MlflowClient,
  experiment: string,
  limit: number,
): Promise<{ experimentId: string; runs: RunSummary[] }> {
  let exp = await client.experiments.getByName(experiment);
  if (exp === null && /^\d+$/.test(experiment))
    exp = await client.experiments.get(experiment).catch(() => null);
  if (exp === null)
    throw new CliError(
      'bad_input',
      `experiment '${experiment}' was not found in ${client.trackingUri} (by name or id). Pass --experiment <name|id> (MLFLOW_EXPERIMENT_NAME is the default).`,
    );
  const page = await client.runs.search({
    experimentIds: [exp.experimentId],
    orderBy: ['attributes.start_time DESC'],
    maxResults: limit,
  });
  return {
    experimentId: exp.experimentId,
    runs: page.items.map((r) => {
      const { params: _p, allMetrics: _m, ...s } = summary(r);
      return s;
    }),
  };
}

/**
 * Two or more runs side by side: params that differ, and every metric.
 * @throws CliError `bad_input` for an unknown run id.
 */
export async function compareRuns(
  client: MlflowClient,
  runIds: readonly string[],
): Promise<{ runs: RunDetail[]; differingParams: string[]; metrics: string[] }> {
  const runs: RunDetail[] = [];
  for (const id of runIds) {
    try {
      runs.push(summary(await client.runs.get(id)));
    } catch (error) {
      if (isUnknownId(error))
        throw new CliError('bad_input', `run ${id} was not found in ${client.trackingUri}.`, {
          cause: error,
        });
      throw error;
    }
  }
  const paramKeys = [...new Set(runs.flatMap((r) => Object.keys(r.params)))].sort();
  const differingParams = paramKeys.filter(
    (k) => new Set(runs.map((r) => r.params[k] ?? '∅')).size > 1,
  );
  const metrics = [...new Set(runs.flatMap((r) => Object.keys(r.allMetrics)))].sort();
  return { runs, differingParams, metrics };
}
