#!/usr/bin/env node
// The Python venv of the pii cross-check (bench/pii/python-faker-check.mjs): Python's Faker, a
// fake-data library other than the one the faker corpus is built with. Benchmarks only.
//
// Module: import { ensureFakerPyVenv } from './faker-py-venv.mjs'
// CLI:    node tools/faker-py-venv.mjs   (creates it; prints the python path)
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from './mlflow-server.mjs';
import { ensurePythonVenv } from './python-venv.mjs';

/** Faker (PyPI) version the cross-check's numbers were measured with. */
export const FAKER_PY_VERSION = '40.63.0';
/** Default venv location; override with CITED_FAKER_PY_VENV. */
export const DEFAULT_FAKER_PY_VENV = join(REPO_ROOT, '.cited', 'bench-venv-faker');

/**
 * Creates the venv and installs the pinned Faker once.
 * @returns {Promise<string>} the venv's python path.
 */
export async function ensureFakerPyVenv(log = (m) => process.stderr.write(`${m}\n`)) {
  return ensurePythonVenv({
    dir: resolve(process.env.CITED_FAKER_PY_VENV ?? DEFAULT_FAKER_PY_VENV),
    pkg: 'Faker',
    version: FAKER_PY_VERSION,
    marker: '.cited-faker-version',
    minPythonMinor: 10,
    missingPythonHint: 'Python 3.10+ is needed for the Faker cross-check (python3 on PATH).',
    label: 'faker-py venv',
    log,
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(await ensureFakerPyVenv());
}
