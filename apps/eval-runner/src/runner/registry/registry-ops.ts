import {
  PROGRAM_ARTIFACT_DIR,
  PROGRAM_ARTIFACT_PATH,
  PROGRAM_FILE,
  PROGRAM_VERSION_TAGS,
  validatedTagOf,
  type ProgramCheck,
  type ProgramValidatedTag,
} from '@cited/dspy-pipeline';
import { MlflowClientError, type MlflowClient } from '@cited/mlflow-client';
import { CliError } from '../../cli/cli-error';
import type { RunnerConfig } from '../../config/runner-config';
import { EVAL_RUNNER_VERSION } from '../evaluation/package-versions';
import { LOGGED_MODEL_TAG, logProgramModel } from '../models/log-program-model';
import { ArtifactScrubber } from '../shared/artifact-scrubber';
import { isNotFound, isUnknownId } from '../shared/mlflow-lookup-errors';
import {
  downloadProgramText,
  refusalError,
  validateForRegistry,
  type ProgramArtifact,
} from './program-validation';

/** Alias set on the previous holder when `promote` moves an alias (only ever a validated version). */
export const LAST_KNOWN_GOOD_ALIAS = 'last-known-good';

/** Standard metrics copied onto a model version as `metric.<name>` tags. */
const VERSION_METRIC_PREFIX = 'metric.';

/** The latest value of each metric of a run. */
export async function runMetrics(
  client: MlflowClient,
  runId: string,
): Promise<{ metrics: Record<string, number>; tags: Record<string, string> }> {
  let run;
  try {
    run = await client.runs.get(runId);
  } catch (error) {
    if (isUnknownId(error))
      throw new CliError(
        'bad_input',
        `run ${runId} was not found in MLflow (${client.trackingUri}). Check the run id (eval --json prints it).`,
        { cause: error },
      );
    throw error;
  }
  const metrics: Record<string, number> = {};
  for (const m of run.data.metrics) metrics[m.key] = m.value;
  const tags: Record<string, string> = {};
  for (const t of run.data.tags) tags[t.key] = t.value;
  return { metrics, tags };
}

/** Creates the registered model when it does not exist yet. */
export async function ensureRegisteredModel(client: MlflowClient, name: string): Promise<void> {
  try {
    await client.registry.getModel(name);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    try {
      await client.registry.createModel(name, {
        description: `Cited question-answering program (${PROGRAM_FILE} at the version root).`,
      });
    } catch (e) {
      // Another process may have created it in between.
      if (!(MlflowClientError.isInstance(e) && e.errorCode === 'RESOURCE_ALREADY_EXISTS')) throw e;
    }
  }
}

/** A registered version. */
export interface RegisteredVersion {
  name: string;
  version: string;
  runId: string;
  source: string;
  /** The `cited.validated` tag it was registered with. */
  validated: ProgramValidatedTag;
  /** The validation checks, in order. */
  checks: ProgramCheck[];
}

/**
 * Registers a run's program as a new version of `model`, pointing at the program's LoggedModel
 * (`models:/<model_id>`, with `model_id`): `modelId` when given, else the run's
 * {@link LOGGED_MODEL_TAG} model, else (runs logged before programs were models) a LoggedModel
 * made now from the run's `program/` folder. The version is tagged with the run's metrics,
 * pipeline, program id and dataset digest. The program is validated first exactly as the API's
 * loader does (`validateProgramArtifact`), and the version carries the outcome (`cited.validated`:
 * `true`, or `no-dry-run` for an LLM program with no LLM configured).
 * @throws CliError `bad_input` for an unknown run, a run without a program artifact, or a
 * program that fails validation (nothing is registered then).
 */
export async function registerRunProgram(
  client: MlflowClient,
  runId: string,
  model: string,
  config: RunnerConfig,
  options: { modelId?: string } = {},
): Promise<RegisteredVersion> {
  const { metrics, tags } = await runMetrics(client, runId);
  const files = await client.artifacts.list({ runId }, PROGRAM_ARTIFACT_DIR).catch(() => []);
  if (!files.some((f) => f.path.endsWith(PROGRAM_FILE)))
    throw new CliError(
      'bad_input',
      `run ${runId} has no ${PROGRAM_ARTIFACT_PATH} artifact: only eval and optimize runs can be registered.`,
    );
  const loggedId = options.modelId ?? (await readyModelOf(client, tags[LOGGED_MODEL_TAG]));
  const artifact: ProgramArtifact = loggedId
    ? {
        at: { artifactUri: (await client.loggedModels.get(loggedId)).info.artifactUri ?? '' },
        dir: '',
        source: `models:/${loggedId}`,
      }
    : {
        at: { runId },
        dir: PROGRAM_ARTIFACT_DIR,
        source: `runs:/${runId}/${PROGRAM_ARTIFACT_DIR}`,
      };
  const validation = await validateForRegistry(
    await downloadProgramText(client, artifact),
    artifact.source,
    config,
  );
  if (!validation.ok) throw refusalError(artifact.source, validation);
  const run = await client.runs.get(runId);
  const modelId =
    loggedId ??
    (await logProgramModel(client, {
      program: validation.program,
      experimentId: run.info.experimentId,
      runId,
      kind: 'register',
      citedVersion: EVAL_RUNNER_VERSION,
      datasetDigest: tags['cited.dataset.digest'] ?? null,
      promptPrefix: model,
      scrubber: registryScrubber(config),
    }));
  await ensureRegisteredModel(client, model);
  const versionTags: Record<string, string> = {};
  for (const [k, v] of Object.entries(metrics)) {
    if (
      k.includes('/') ||
      k.startsWith('pii_scrub.') ||
      k.startsWith('count.') ||
      k.startsWith('trial')
    )
      continue;
    versionTags[`${VERSION_METRIC_PREFIX}${k}`] = String(v);
  }
  for (const key of ['cited.pipeline', 'cited.dataset.digest', 'cited.program.id', 'cited.kind'])
    if (tags[key] !== undefined) versionTags[key] = tags[key];
  versionTags['cited.run_id'] = runId;
  const validated = validatedTagOf(validation);
  versionTags[PROGRAM_VERSION_TAGS.validated] = validated;
  versionTags[PROGRAM_VERSION_TAGS.validatedAt] = validation.validatedAt;
  // The LoggedModel holds program.json at its root, like the run's program/ folder did.
  const source = `models:/${modelId}`;
  const mv = await client.registry.createVersion(
    model,
    source,
    { runId, modelId },
    {
      tags: versionTags,
      description: `program ${tags['cited.program.id'] ?? ''} from run ${runId}`,
    },
  );
  return {
    name: model,
    version: mv.version,
    runId,
    source: mv.source ?? source,
    validated,
    checks: validation.checks,
  };
}

/** `modelId` when it names a READY LoggedModel, else undefined (missing, failed or deleted). */
async function readyModelOf(
  client: MlflowClient,
  modelId: string | undefined,
): Promise<string | undefined> {
  if (!modelId) return undefined;
  try {
    const m = await client.loggedModels.get(modelId);
    return m.info.status === 'LOGGED_MODEL_READY' ? modelId : undefined;
  } catch (error) {
    if (isUnknownId(error)) return undefined;
    throw error;
  }
}

/** How registry commands scrub user-given text (with the pseudonym key when configured). */
function registryScrubber(config: RunnerConfig): ArtifactScrubber {
  const key = config.pii.hmacKey;
  return new ArtifactScrubber(key ? { pseudonymKey: key } : {});
}

/** The version an alias points to, or null when the alias is not set. */
export async function aliasHolder(
  client: MlflowClient,
  model: string,
  alias: string,
): Promise<{ version: string; runId: string | undefined } | null> {
  try {
    const mv = await client.registry.getVersionByAlias(model, alias);
    return { version: mv.version, runId: mv.runId || undefined };
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

/** The metrics of a model version: its run's metrics, else its `metric.*` tags. */
export async function versionMetrics(
  client: MlflowClient,
  model: string,
  version: string,
): Promise<{ metrics: Record<string, number>; runId: string | undefined }> {
  const mv = await getVersionOrFail(client, model, version);
  if (mv.runId) {
    try {
      return { metrics: (await runMetrics(client, mv.runId)).metrics, runId: mv.runId };
    } catch {
      // The run may be deleted: fall back to the tags copied at registration.
    }
  }
  const metrics: Record<string, number> = {};
  for (const t of mv.tags)
    if (t.key.startsWith(VERSION_METRIC_PREFIX) && Number.isFinite(Number(t.value)))
      metrics[t.key.slice(VERSION_METRIC_PREFIX.length)] = Number(t.value);
  return { metrics, runId: mv.runId || undefined };
}

/** Gets a model version, or fails with a clear message naming the model and version. */
export async function getVersionOrFail(client: MlflowClient, model: string, version: string) {
  try {
    return await client.registry.getVersion(model, version);
  } catch (error) {
    if (isUnknownId(error))
      throw new CliError(
        'bad_input',
        `model ${model} has no version ${version} in ${client.trackingUri} (unknown model or version). Register one with \`eval-runner register --run <run_id> --model ${model}\`.`,
        { cause: error },
      );
    throw error;
  }
}
