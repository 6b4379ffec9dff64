import type { QaProgram } from '@cited/dspy-pipeline';
import type { MlflowClient } from '@cited/mlflow-client';
import type { ArtifactScrubber } from '../shared/artifact-scrubber';
import {
  PROMPT_TAGS,
  linkedPromptsTag,
  promptUri,
  registerProgramPrompts,
} from './program-prompts';
import { PROGRAM_MODEL_TYPE, programModelFiles } from './program-model-files';

/** Run tag naming the LoggedModel of the run's program. */
export const LOGGED_MODEL_TAG = 'cited.logged_model_id';

/** What a program's LoggedModel is logged from. */
export interface ProgramModelInput {
  program: QaProgram;
  experimentId: string;
  /** The run that produced or evaluated the program (the model's source run). */
  runId: string;
  kind: 'eval' | 'optimize' | 'optimize-trial' | 'register';
  datasetDigest?: string | null;
  /** Version of the Cited code logging it (the `cited` flavor's `cited_version`). */
  citedVersion: string;
  /**
   * Registers the program's module prompts as `<promptPrefix>.<module>` (linked to the run and
   * the model); none when absent.
   */
  promptPrefix?: string;
  /** Scrubs user-given text (the program's name) and demos before they reach MLflow. */
  scrubber: Pick<ArtifactScrubber, 'text' | 'json'>;
}

/** A LoggedModel name MLflow accepts, from a program's (scrubbed) name. */
function modelName(scrubbedName: string): string {
  return scrubbedName.replace(/[^\w.-]/g, '-').slice(0, 100) || 'cited-program';
}

/**
 * Logs a program as an MLflow 3 LoggedModel of its run: created PENDING, its files uploaded
 * (program.json at the root, MLmodel, input example, pyfunc loader), then READY, and linked to
 * the run as an output. A failed upload leaves it UPLOAD_FAILED. Returns the model id.
 */
export async function logProgramModel(
  client: MlflowClient,
  input: ProgramModelInput,
): Promise<string> {
  const { program } = input;
  const scrubText = (t: string): string => input.scrubber.text(t);
  const name = modelName(scrubText(program.name));
  const model = await client.loggedModels.create({
    experimentId: input.experimentId,
    name,
    sourceRunId: input.runId,
    modelType: PROGRAM_MODEL_TYPE,
    params: { 'program.id': program.id, pipeline: program.pipeline },
    tags: {
      'cited.kind': input.kind,
      'cited.program.id': program.id,
      'cited.pipeline': program.pipeline,
      ...(input.datasetDigest ? { 'cited.dataset.digest': input.datasetDigest } : {}),
    },
  });
  const modelId = model.info.modelId;
  try {
    const prompts = input.promptPrefix
      ? await registerProgramPrompts(client, program, {
          prefix: input.promptPrefix,
          experimentId: input.experimentId,
          scrubJson: (v) => input.scrubber.json(v),
        })
      : [];
    if (prompts.length > 0) {
      const linked = linkedPromptsTag(prompts);
      await client.loggedModels.setTags(modelId, { [PROMPT_TAGS.linked]: linked });
      await client.runs.setTag(input.runId, PROMPT_TAGS.linked, linked);
    }
    const files = programModelFiles(
      { ...program, name: scrubText(program.name) },
      {
        modelId,
        name,
        runId: input.runId,
        prompts: prompts.map(promptUri),
        citedVersion: input.citedVersion,
      },
    );
    const at = { artifactUri: model.info.artifactUri ?? '' };
    // A handful of small files: uploaded together.
    await Promise.all(
      Object.entries(files).map(([path, text]) => client.artifacts.uploadBuffer(at, text, path)),
    );
  } catch (error) {
    await client.loggedModels.finalize(modelId, 'UPLOAD_FAILED').catch(() => undefined);
    throw error;
  }
  // Independent requests: the model turns READY while the run records it as an output.
  await Promise.all([
    client.loggedModels.finalize(modelId, 'READY'),
    client.runs.logOutputs(input.runId, [{ modelId }]),
  ]);
  return modelId;
}
