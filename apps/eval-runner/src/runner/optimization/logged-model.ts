import {
  PROGRAM_ARTIFACT_PATH,
  PROGRAM_FILE,
  serializeProgram,
  type QaProgram,
} from '@cited/dspy-pipeline';
import type { ActiveRun } from '@cited/mlflow-client';
import type { RunContext } from '../evaluation/run-context';

/**
 * Logs the best program as an MLflow LoggedModel of the parent run (program.json at its root,
 * so it can be registered like a run's program folder). A failure is a warning: the program
 * is still the run artifact. Returns the model id, or null when not logged (spooled run).
 */
export async function logBestProgramModel(
  ctx: RunContext,
  parent: ActiveRun,
  best: QaProgram,
  options: { optimizer: string; datasetDigest: string },
): Promise<string | null> {
  const { client, experimentId } = ctx.tracking;
  if (!parent.runId || !experimentId) return null;
  try {
    const model = await client.loggedModels.create({
      experimentId,
      name: best.name.replace(/[^\w.-]/g, '-').slice(0, 100) || 'cited-dspy',
      sourceRunId: parent.runId,
      modelType: 'cited.qa-program',
      params: { 'program.id': best.id, optimizer: options.optimizer },
      tags: { 'cited.dataset.digest': options.datasetDigest },
    });
    if (model.info.artifactUri)
      await client.artifacts.uploadBuffer(
        { artifactUri: model.info.artifactUri },
        serializeProgram(best),
        PROGRAM_FILE,
      );
    await client.loggedModels.finalize(model.info.modelId, 'READY');
    parent.setTag('cited.logged_model_id', model.info.modelId);
    return model.info.modelId;
  } catch (error) {
    ctx.out.note(
      `warning: could not log the best program as an MLflow LoggedModel (${error instanceof Error ? error.message : String(error)}); it is still the run artifact ${PROGRAM_ARTIFACT_PATH}.`,
    );
    return null;
  }
}
