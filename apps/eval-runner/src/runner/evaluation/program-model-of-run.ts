import type { ActiveRun } from '@cited/mlflow-client';
import type { RunContext } from './run-context';
import type { ResolvedProgram } from '../program/program-source';
import {
  LOGGED_MODEL_TAG,
  logProgramModel,
  type ProgramModelInput,
} from '../models/log-program-model';
import { EVAL_RUNNER_VERSION } from './package-versions';

/**
 * The LoggedModel a run's metrics are linked to: the model a registered version already points
 * at (linked to the run as an input it evaluated), else the program logged now as a new model
 * of the run. Null for a spooled run, or when MLflow refused (a warning: the program is still
 * the run's artifact and its metrics are still the run's).
 */
export async function programModelOfRun(
  ctx: RunContext,
  run: ActiveRun,
  resolved: Pick<ResolvedProgram, 'program' | 'modelVersion'>,
  options: Pick<ProgramModelInput, 'kind' | 'datasetDigest' | 'promptPrefix' | 'scrubber'>,
): Promise<string | null> {
  const { client, experimentId } = ctx.tracking;
  if (!run.runId || !experimentId) return null;
  try {
    const existing = resolved.modelVersion?.modelId;
    let modelId: string;
    if (existing) {
      await client.runs.logModelInputs(run.runId, [existing]);
      modelId = existing;
    } else {
      modelId = await logProgramModel(client, {
        program: resolved.program,
        experimentId,
        runId: run.runId,
        citedVersion: EVAL_RUNNER_VERSION,
        ...options,
      });
    }
    run.setTag(LOGGED_MODEL_TAG, modelId);
    return modelId;
  } catch (error) {
    ctx.out.note(
      `warning: could not log the program as an MLflow LoggedModel (${error instanceof Error ? error.message : String(error)}); it is still the run's artifact.`,
    );
    return null;
  }
}
