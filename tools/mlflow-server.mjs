#!/usr/bin/env node
// Managed local MLflow tracking server: a project-local Python venv (.cited/venv) with ONE
// pinned mlflow version, and `mlflow server` on 127.0.0.1 with a SQLite backend and served
// artifacts (runs get `mlflow-artifacts:/` URIs, so every artifact goes through the proxy).
//
// Module:  import { ensureMlflowVenv, startMlflowServer, stopMlflowServer, ... } from './mlflow-server.mjs'
// CLI:     node tools/mlflow-server.mjs up|down|status [--dir D] [--port P]
import { spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensurePythonVenv, isAlive, withInstallLock } from './python-venv.mjs';

/** The one mlflow version every developer, test run and CI job uses. */
export const MLFLOW_VERSION = '3.17.2';
/** Repository root (this file lives in `<root>/tools`). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Default venv location; override with CITED_MLFLOW_VENV (e.g. a CI cache path). */
export const DEFAULT_VENV_DIR = join(REPO_ROOT, '.cited', 'venv');
/** Default data folder of `npm run mlflow:up`. */
export const DEFAULT_SERVER_DIR = join(REPO_ROOT, '.cited', 'mlflow');
export const DEFAULT_PORT = 5000;

const MARKER = '.cited-mlflow-version';
/** Name of the migrated, empty SQLite DB kept in the venv and copied for each fresh server. */
const DB_TEMPLATE = `mlflow-${MLFLOW_VERSION}-empty.db`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function venvDir(options = {}) {
  return resolve(options.venvDir ?? process.env.CITED_MLFLOW_VENV ?? DEFAULT_VENV_DIR);
}

/** Path of the venv's python interpreter. */
export function venvPython(options = {}) {
  return join(venvDir(options), 'bin', 'python');
}

/**
 * Creates the venv and installs the pinned mlflow once. A marker file records the installed
 * version; a changed pin re-installs. Concurrent callers wait on a lock directory.
 * @returns {Promise<string>} the venv's python path.
 */
export async function ensureMlflowVenv(options = {}) {
  return ensurePythonVenv({
    dir: venvDir(options),
    pkg: 'mlflow',
    version: MLFLOW_VERSION,
    marker: MARKER,
    missingPythonHint:
      'Python 3 was not found on PATH (tried python3, python). The local MLflow server needs it: ' +
      'install Python >= 3.10 with the venv module (Debian/Ubuntu: `apt-get install python3 python3-venv`), ' +
      'or point MLFLOW_TRACKING_URI at an existing MLflow server.',
    label: 'mlflow-server',
    installNote: 'once; takes a few minutes',
    ...(options.log ? { log: options.log } : {}),
  });
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

/** True when `GET <uri>/health` answers 200. */
export async function isHealthy(uri) {
  try {
    const res = await fetch(`${uri}/health`, { signal: AbortSignal.timeout(2000) });
    return res.ok;
  } catch {
    return false;
  }
}

function serverArgs(dir, port, workers) {
  return [
    '-m',
    'mlflow',
    'server',
    '--backend-store-uri',
    `sqlite:///${join(dir, 'mlflow.db')}`,
    '--artifacts-destination',
    join(dir, 'artifacts'),
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    // MLflow >= 3.5 rejects requests whose Host header is not allowed (DNS-rebinding guard).
    '--allowed-hosts',
    `127.0.0.1:${port},localhost:${port},127.0.0.1,localhost`,
    '--workers',
    String(workers),
  ];
}

/**
 * Path of a migrated, empty MLflow SQLite DB for the pinned version, built once per venv.
 * A fresh server DB otherwise runs ~60 alembic migrations on every start (10+ s on a busy
 * machine); a copy of this file is already at the schema head, so the server only verifies it.
 * Built in a temp file and renamed, under the install lock, so a half-built template is never
 * copied. Returns undefined (callers fall back to migrating) when building it fails.
 */
export async function ensureDbTemplate(options = {}) {
  const file = join(venvDir(options), DB_TEMPLATE);
  if (existsSync(file)) return file;
  const python = await ensureMlflowVenv(options);
  return withInstallLock(venvDir(options), async () => {
    if (existsSync(file)) return file;
    const tmpDir = `${file}.${process.pid}.tmp`;
    rmSync(tmpDir, { recursive: true, force: true });
    mkdirSync(tmpDir, { recursive: true });
    try {
      // Both stores, as `mlflow server --artifacts-destination` creates them: the tracking store
      // runs the migrations and creates the Default experiment under the proxy root.
      const script = [
        'import sys',
        'from mlflow.store.tracking.sqlalchemy_store import SqlAlchemyStore as T',
        'from mlflow.store.model_registry.sqlalchemy_store import SqlAlchemyStore as R',
        'uri = "sqlite:///" + sys.argv[1]',
        'T(uri, "mlflow-artifacts:/").engine.dispose()',
        'R(uri).engine.dispose()',
      ].join('\n');
      const r = spawnSync(python, ['-c', script, join(tmpDir, 'mlflow.db')], {
        encoding: 'utf8',
        env: { ...process.env, MLFLOW_ENABLE_TELEMETRY: 'false' },
      });
      if (r.status !== 0) return undefined;
      renameSync(join(tmpDir, 'mlflow.db'), file);
      return file;
    } finally {
      rmSync(tmpDir, { recursive: true, force: true });
    }
  });
}

/**
 * Starts `mlflow server` for `dir` on `port` and waits for /health.
 * `detached: true` (CLI `up`) leaves it running after this process exits; otherwise it is a
 * child of this process. `workers` (default 1) sets uvicorn workers. `jobs` (default false)
 * keeps MLflow 3's job execution (a job runner plus 7 huey consumer processes, ~230 MB each,
 * used only by GenAI judges/scorers and trace roll-ups, none of which Cited uses) switched
 * off unless asked for; MLFLOW_SERVER_ENABLE_JOB_EXECUTION in the environment wins.
 * A new `dir` starts from a copy of the migrated DB template (see {@link ensureDbTemplate}).
 * Writes `<dir>/server.pid`, `<dir>/server.port` and logs to `<dir>/server.log`.
 * @returns {Promise<{uri: string, port: number, pid: number, dir: string, startMs: number, stop: () => Promise<void>}>}
 */
export async function startMlflowServer(options = {}) {
  const started = Date.now();
  const dir = resolve(options.dir ?? DEFAULT_SERVER_DIR);
  const port = options.port ?? (await freePort());
  const uri = `http://127.0.0.1:${port}`;
  const python = await ensureMlflowVenv(options);
  mkdirSync(join(dir, 'artifacts'), { recursive: true });
  if (await isHealthy(uri))
    throw new Error(`Port ${port} already answers /health: another MLflow server is running.`);
  const db = join(dir, 'mlflow.db');
  if (!existsSync(db) && options.dbTemplate !== false) {
    const template = await ensureDbTemplate(options);
    if (template) {
      copyFileSync(template, `${db}.tmp`);
      renameSync(`${db}.tmp`, db);
    }
  }
  const logFd = openSync(join(dir, 'server.log'), 'a');
  const jobs = process.env.MLFLOW_SERVER_ENABLE_JOB_EXECUTION ?? String(options.jobs ?? false);
  const child = spawn(python, serverArgs(dir, port, options.workers ?? 1), {
    detached: true,
    stdio: ['ignore', logFd, logFd],
    env: {
      ...process.env,
      PYTHONUNBUFFERED: '1',
      MLFLOW_ENABLE_TELEMETRY: 'false',
      MLFLOW_SERVER_ENABLE_JOB_EXECUTION: jobs,
    },
  });
  closeSync(logFd);
  writeFileSync(join(dir, 'server.pid'), String(child.pid));
  writeFileSync(join(dir, 'server.port'), String(port));
  let exited = null;
  child.on('exit', (code, signal) => (exited = { code, signal }));
  if (options.detached) child.unref();
  const deadline = Date.now() + (options.startTimeoutMs ?? 180_000);
  while (!(await isHealthy(uri))) {
    if (exited || Date.now() > deadline) {
      await killTree(child.pid);
      const tail = readFileSync(join(dir, 'server.log'), 'utf8').split('\n').slice(-20).join('\n');
      throw new Error(
        `mlflow server did not become healthy on ${uri} (${exited ? `exited ${JSON.stringify(exited)}` : 'timeout'}). Log tail:\n${tail}`,
      );
    }
    await sleep(100);
  }
  if (!options.detached) child.unref();
  return {
    uri,
    port,
    pid: child.pid,
    dir,
    startMs: Date.now() - started,
    stop: () => stopMlflowServer({ dir }),
  };
}

async function killTree(pid) {
  // The server runs in its own process group (detached): signal the group so workers die too.
  const signal = (sig) => {
    try {
      process.kill(-pid, sig);
    } catch {
      try {
        process.kill(pid, sig);
      } catch {
        /* gone */
      }
    }
  };
  signal('SIGTERM');
  for (let i = 0; i < 100 && isAlive(pid); i++) await sleep(100);
  if (isAlive(pid)) signal('SIGKILL');
  for (let i = 0; i < 50 && isAlive(pid); i++) await sleep(100);
}

/** Stops the server whose pid file is in `dir`. Returns false when none was running. */
export async function stopMlflowServer(options = {}) {
  const dir = resolve(options.dir ?? DEFAULT_SERVER_DIR);
  const pidFile = join(dir, 'server.pid');
  if (!existsSync(pidFile)) return false;
  const pid = Number(readFileSync(pidFile, 'utf8'));
  const running = Number.isInteger(pid) && pid > 0 && isAlive(pid);
  if (running) await killTree(pid);
  rmSync(pidFile, { force: true });
  return running;
}

/** Status of the server of `dir`: running pid/port/health. */
export async function mlflowServerStatus(options = {}) {
  const dir = resolve(options.dir ?? DEFAULT_SERVER_DIR);
  const read = (f) =>
    existsSync(join(dir, f)) ? Number(readFileSync(join(dir, f), 'utf8')) : null;
  const pid = read('server.pid');
  const port = read('server.port');
  const running = pid !== null && isAlive(pid);
  const uri = port === null ? null : `http://127.0.0.1:${port}`;
  return {
    dir,
    pid,
    port,
    uri,
    running,
    healthy: running && uri !== null && (await isHealthy(uri)),
  };
}

function parseCli(argv) {
  const [cmd, ...rest] = argv;
  const opts = {};
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--dir') opts.dir = rest[++i];
    else if (a === '--port') opts.port = Number(rest[++i]);
    else if (a === '--workers') opts.workers = Number(rest[++i]);
    else if (a === '--jobs') opts.jobs = true;
    else
      throw new Error(
        `Unknown option ${a}. Usage: mlflow-server.mjs up|down|status [--dir D] [--port P] [--workers N] [--jobs]`,
      );
  }
  if (
    opts.port !== undefined &&
    !(Number.isInteger(opts.port) && opts.port > 0 && opts.port < 65536)
  )
    throw new Error('--port must be an integer between 1 and 65535.');
  return { cmd, opts };
}

async function main(argv) {
  const { cmd, opts } = parseCli(argv);
  if (cmd === 'up') {
    const status = await mlflowServerStatus(opts);
    if (status.running && status.healthy) {
      console.log(
        `MLflow already running at ${status.uri} (pid ${status.pid}, data ${status.dir})`,
      );
      return 0;
    }
    const s = await startMlflowServer({ ...opts, port: opts.port ?? DEFAULT_PORT, detached: true });
    console.log(
      `MLflow ${MLFLOW_VERSION} running at ${s.uri} (pid ${s.pid}, data ${s.dir}, log ${join(s.dir, 'server.log')})`,
    );
    console.log(`Stop it with: npm run mlflow:down`);
    return 0;
  }
  if (cmd === 'down') {
    const stopped = await stopMlflowServer(opts);
    console.log(stopped ? 'MLflow server stopped.' : 'No MLflow server was running.');
    return 0;
  }
  if (cmd === 'status') {
    const s = await mlflowServerStatus(opts);
    console.log(JSON.stringify(s, null, 2));
    return s.running && s.healthy ? 0 : 1;
  }
  console.error(
    'Usage: node tools/mlflow-server.mjs up|down|status [--dir D] [--port P] [--workers N] [--jobs]',
  );
  return 2;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exit(1);
    },
  );
}
