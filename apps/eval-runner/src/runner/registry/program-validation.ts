import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  MAX_PROGRAM_BYTES,
  PROGRAM_FILE,
  createLlmService,
  validateProgramArtifact,
  type ProgramValidation,
} from '@cited/dspy-pipeline';
import type { ArtifactLocation, MlflowClient } from '@cited/mlflow-client';
import { CliError } from '../../cli/cli-error';
import type { RunnerConfig } from '../../config/runner-config';
import { isNotFound } from '../shared/mlflow-lookup-errors';

/** Where a program artifact is: a run's folder or a LoggedModel / model version root. */
export interface ProgramArtifact {
  at: ArtifactLocation;
  /** The folder holding `program.json` ('' for a root). */
  dir: string;
  /** How messages name it, e.g. `runs:/<id>/program` or `models:/cited-qa/3`. */
  source: string;
}

/**
 * Where the files of a model version are, from its download URI: a literal `runs:/<run>/<path>`
 * source (MLflow's low-level client registers those) is read from the run, as MLflow's own
 * clients read it.
 */
export function versionArtifact(downloadUri: string, source: string): ProgramArtifact {
  const runs = /^runs:\/([^/]+)\/*(.*)$/.exec(downloadUri);
  if (runs === null) return { at: { artifactUri: downloadUri }, dir: '', source };
  return { at: { runId: runs[1] ?? '' }, dir: runs[2] ?? '', source };
}

/**
 * The text of a `program.json` artifact, refused before the download when the listing says
 * it is over the size limit.
 * @throws CliError `bad_input` when there is no program.json, or it is too large.
 */
export async function downloadProgramText(
  client: MlflowClient,
  artifact: ProgramArtifact,
): Promise<string> {
  // Only "not there" means no program; an unreachable MLflow must not read as a bad program
  // (promote tags a version it finds broken).
  const files = await client.artifacts.list(artifact.at, artifact.dir).catch((error: unknown) => {
    if (isNotFound(error)) return [];
    throw error;
  });
  const file = files.find((f) => !f.isDir && f.path.split('/').pop() === PROGRAM_FILE);
  if (file === undefined)
    throw new CliError('bad_input', `${artifact.source} has no ${PROGRAM_FILE} artifact.`);
  const size = Number(file.fileSize ?? 0);
  if (size > MAX_PROGRAM_BYTES)
    throw new CliError(
      'bad_input',
      `${artifact.source}: program refused (size): program is ${size} bytes, over the ${MAX_PROGRAM_BYTES}-byte limit.`,
    );
  const dir = await mkdtemp(join(tmpdir(), 'cited-validate-'));
  try {
    const local = join(dir, PROGRAM_FILE);
    await client.artifacts.downloadFile(artifact.at, file.path, local);
    return await readFile(local, 'utf8');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Validates program text exactly as the API's loader does (`validateProgramArtifact`), with the
 * configured LLM for the dry run of LLM programs; without one, those pass as `no-dry-run`.
 */
export function validateForRegistry(
  text: string,
  source: string,
  config: RunnerConfig,
): Promise<ProgramValidation> {
  return validateProgramArtifact(text, {
    source,
    llm: config.llm === null ? null : createLlmService(config.llm),
    requireLlm: false,
  });
}

/** The refusal of a program that failed validation: exit 2, naming the check and why. */
export function refusalError(
  source: string,
  v: Extract<ProgramValidation, { ok: false }>,
): CliError {
  return new CliError('bad_input', `${source}: program refused (${v.failed}): ${v.reason}`);
}
