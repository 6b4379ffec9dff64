#!/usr/bin/env node
// The Python venv of the benchmark peer (DSPy + MLflow, ../shared/bench/dspy-peer): for
// benchmarks only, never for tests or the app. Pinned like the MLflow venv: DSPy, the same
// mlflow as the project's server, and bm25s for the peer's BM25.
//
// Module: import { ensureDspyPeerVenv } from './dspy-peer-venv.mjs'
// CLI:    node tools/dspy-peer-venv.mjs   (creates it; prints the python path)
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MLFLOW_VERSION, REPO_ROOT } from './mlflow-server.mjs';
import { ensurePythonVenv } from './python-venv.mjs';

/** DSPy version the peer's published numbers were measured with. */
export const DSPY_VERSION = '3.4.1';
/** bm25s version of the peer's retriever. */
export const BM25S_VERSION = '0.3.16';
/** Default venv location; override with CITED_DSPY_PEER_VENV. */
export const DEFAULT_DSPY_PEER_VENV = join(REPO_ROOT, '.cited', 'bench-venv-dspy');

/**
 * Creates the venv and installs the pinned DSPy, mlflow and bm25s once.
 * @returns {Promise<string>} the venv's python path.
 */
export async function ensureDspyPeerVenv(log = (m) => process.stderr.write(`${m}\n`)) {
  return ensurePythonVenv({
    dir: resolve(process.env.CITED_DSPY_PEER_VENV ?? DEFAULT_DSPY_PEER_VENV),
    pkg: 'dspy',
    version: DSPY_VERSION,
    extraSpecs: [`mlflow==${MLFLOW_VERSION}`, `bm25s==${BM25S_VERSION}`],
    marker: '.cited-dspy-peer-version',
    minPythonMinor: 10,
    missingPythonHint:
      'The DSPy benchmark peer needs Python >= 3.10 on PATH (tried python3, python) with the ' +
      'venv module (Debian/Ubuntu: apt-get install python3 python3-venv).',
    label: 'dspy-peer',
    installNote: 'once; takes a few minutes',
    lockTimeoutMs: 20 * 60_000,
    log,
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${await ensureDspyPeerVenv()}\n`);
}
