import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROGRAM_FILE, loadProgram, programFileAt, type QaProgram } from '@cited/dspy-pipeline';
import type { MlflowClient } from '@cited/mlflow-client';
import { CliError } from '../../cli/cli-error';
import { isUnknownId } from '../shared/mlflow-lookup-errors';

/** Where the program run by a command came from. */
export interface ResolvedProgram {
  program: QaProgram;
  /** `default`, a file path, `models:/…` or `runs:/…`. */
  source: string;
  /** The registered model version, when resolved from `models:/`. */
  modelVersion?: {
    name: string;
    version: string;
    runId: string | undefined;
    /** The LoggedModel the version points at (versions registered since programs are models). */
    modelId?: string;
  };
}

/**
 * Loads `--program`: a program.json path, `models:/<name>@<alias>`, `models:/<name>/<version>`
 * or `runs:/<run_id>/<path>` (a program.json or a folder holding one).
 * @throws CliError `bad_input` for an unknown model, alias, version or run; DspyPipelineError
 * `invalid_program` for a file that is missing or not a valid program.
 */
export async function resolveProgram(
  spec: string,
  client: () => MlflowClient,
): Promise<ResolvedProgram> {
  if (spec.startsWith('models:/')) return fromModelUri(spec, client());
  if (spec.startsWith('runs:/')) return fromRunUri(spec, client());
  return { program: await loadProgram(spec), source: spec };
}

async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'cited-program-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function fromModelUri(uri: string, client: MlflowClient): Promise<ResolvedProgram> {
  let mv;
  try {
    mv = await client.registry.resolveModelUri(uri);
  } catch (error) {
    throw notFound(
      error,
      uri,
      'Check the name with `eval-runner promote --help` or the MLflow UI (Models); aliases are set by `eval-runner promote`.',
    );
  }
  const program = await withTempDir(async (dir) => {
    await client.registry.downloadVersion(uri, dir);
    return loadProgram(join(dir, PROGRAM_FILE));
  });
  return {
    program,
    source: uri,
    modelVersion: {
      name: mv.name,
      version: mv.version,
      runId: mv.runId || undefined,
      ...(mv.modelId ? { modelId: mv.modelId } : {}),
    },
  };
}

async function fromRunUri(uri: string, client: MlflowClient): Promise<ResolvedProgram> {
  const m = /^runs:\/([0-9a-zA-Z]+)\/(.+)$/.exec(uri);
  if (!m?.[1] || !m[2])
    throw new CliError(
      'bad_input',
      `--program ${uri}: expected runs:/<run_id>/<artifact path>, e.g. runs:/abc123/program/program.json.`,
    );
  const runId = m[1];
  const file = programFileAt(m[2]);
  const program = await withTempDir(async (dir) => {
    try {
      await client.artifacts.downloadFile({ runId }, file, join(dir, PROGRAM_FILE));
    } catch (error) {
      throw notFound(error, uri, `Check the run id and that the run has the artifact ${file}.`);
    }
    return loadProgram(join(dir, PROGRAM_FILE));
  });
  return { program, source: uri };
}

function notFound(error: unknown, what: string, fix: string): unknown {
  if (isUnknownId(error))
    return new CliError('bad_input', `${what} was not found in MLflow (${error.message}). ${fix}`, {
      cause: error,
    });
  return error;
}
