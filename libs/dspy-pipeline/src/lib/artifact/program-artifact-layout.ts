/**
 * Where a program lives outside the code. eval-runner writes runs and registers versions, the
 * API downloads versions and caches them; both name these places through this file.
 *
 * - An eval, optimize or optimize-trial run logs its program as the run artifact
 *   {@link PROGRAM_ARTIFACT_PATH} (`program/program.json`).
 * - A registered model version's source is that run's {@link PROGRAM_ARTIFACT_DIR} folder, or an
 *   optimize run's LoggedModel, which holds {@link PROGRAM_FILE} at its root: either way the
 *   version's root holds `program.json`.
 * - The API's program cache keeps one {@link PROGRAM_FILE} per `<model>@<alias>` folder.
 */

/** File name of a serialized program, wherever it is stored. */
export const PROGRAM_FILE = 'program.json';

/** Run-artifact folder holding a run's {@link PROGRAM_FILE}; a model version is registered from it. */
export const PROGRAM_ARTIFACT_DIR = 'program';

/** Run-artifact path of a run's program: `program/program.json`. */
export const PROGRAM_ARTIFACT_PATH = `${PROGRAM_ARTIFACT_DIR}/${PROGRAM_FILE}`;

/**
 * The program file an artifact path names (as in `runs:/<run_id>/<path>`): the path itself when
 * it ends in `.json`, else the {@link PROGRAM_FILE} inside that folder. Trailing slashes are ignored.
 */
export function programFileAt(artifactPath: string): string {
  const path = artifactPath.replace(/\/+$/, '');
  return path.endsWith('.json') ? path : `${path}/${PROGRAM_FILE}`;
}

/**
 * The model-version source of a run's program: the run's {@link PROGRAM_ARTIFACT_DIR} folder
 * under its artifact URI (trailing slashes of the URI are ignored).
 */
export function runProgramSource(runArtifactUri: string): string {
  return `${runArtifactUri.replace(/\/+$/, '')}/${PROGRAM_ARTIFACT_DIR}`;
}
