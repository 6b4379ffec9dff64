#!/usr/bin/env node
// A Python venv holding py-spy, the sampling profiler used to see where the MLflow server's
// CPU goes (bench/eval/ingest-cost.mjs with INGEST_PROFILE=1): for benchmarks only, never for
// tests or the app.
//
// Module: import { ensurePySpyVenv } from './py-spy-venv.mjs'
// CLI:    node tools/py-spy-venv.mjs   (creates it; prints the py-spy path)
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from './mlflow-server.mjs';
import { ensurePythonVenv } from './python-venv.mjs';

/** py-spy version the server profiles in docs/benchmarks.md were taken with. */
export const PY_SPY_VERSION = '0.4.1';
/** Default venv location; override with CITED_PY_SPY_VENV. */
export const DEFAULT_PY_SPY_VENV = join(REPO_ROOT, '.cited', 'bench-venv-py-spy');

/**
 * Creates the venv and installs the pinned py-spy once.
 * @returns {Promise<string>} the path of the py-spy executable.
 */
export async function ensurePySpyVenv(log = (m) => process.stderr.write(`${m}\n`)) {
  const python = await ensurePythonVenv({
    dir: resolve(process.env.CITED_PY_SPY_VENV ?? DEFAULT_PY_SPY_VENV),
    pkg: 'py-spy',
    version: PY_SPY_VERSION,
    marker: '.cited-py-spy-version',
    minPythonMinor: 8,
    missingPythonHint:
      'py-spy is installed into a venv: it needs Python 3 on PATH (tried python3, python) with ' +
      'the venv module (Debian/Ubuntu: apt-get install python3 python3-venv).',
    label: 'py-spy',
    installNote: 'once',
    log,
  });
  return join(dirname(python), 'py-spy');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${await ensurePySpyVenv()}\n`);
}
