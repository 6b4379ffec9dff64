// The peer users would pick instead of Cited: Python DSPy 3 + MLflow 3 (`mlflow.dspy.autolog()`),
// exactly as set up in ../shared/bench/dspy-peer (its README): its data, its stub (one stub for
// both sides: Cited's prompts at /cited/v1, DSPy's at /dspy/v1) and its evaluation script, run
// in the benchmark-only venv of tools/dspy-peer-venv.mjs.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { linkDistPackages } from '../pipeline/dist-require.mjs';

/** The peer's folder: BENCH_DSPY_PEER, else ../shared/bench/dspy-peer beside the checkout. */
export function peerDir(root) {
  const dir = resolve(
    process.env.BENCH_DSPY_PEER ?? join(root, '..', 'shared', 'bench', 'dspy-peer'),
  );
  if (!existsSync(join(dir, 'dspy_eval.py')))
    throw new Error(`the DSPy peer is not at ${dir}: set BENCH_DSPY_PEER to its folder`);
  return dir;
}

/** Runs a command; resolves with its stdout, wall seconds and the child's pid while it ran. */
export function run(cmd, args, { cwd, env = {}, onSpawn } = {}) {
  return new Promise((done, fail) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    onSpawn?.(child);
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('close', (code) => {
      const wall = (performance.now() - t0) / 1000;
      if (code !== 0)
        return fail(new Error(`${cmd} ${args.join(' ')} exited ${code}:\n${err.slice(-3000)}`));
      done({ out, err, wall });
    });
  });
}

/** The last JSON object line of a command's stdout. */
export function lastJson(out) {
  const line = out
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.trim().startsWith('{'));
  if (line === undefined) throw new Error(`no JSON line in:\n${out.slice(-2000)}`);
  return JSON.parse(line);
}

/** Writes the shared inputs (qa-1000.jsonl, optimize-50.jsonl, chunks.jsonl) into `out`. */
export async function makePeerData(root, out) {
  const { out: stdout } = await run(process.execPath, [join(peerDir(root), 'make-data.mjs'), out], {
    cwd: root,
  });
  return lastJson(stdout);
}

/** Starts the shared stub with a fixed latency; resolves with its origin and control URLs. */
export async function startSharedStub(root, latencyMs) {
  // The stub loads the built @cited/dspy-pipeline/testing, whose files require their sibling
  // libraries (@cited/pii-scrub) by package name: dist/node_modules/@cited must link them.
  linkDistPackages();
  const child = spawn(process.execPath, [join(peerDir(root), 'stub.mjs'), String(latencyMs)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const first = await new Promise((res, rej) => {
    createInterface({ input: child.stdout }).once('line', (l) => res(JSON.parse(l)));
    child.once('exit', (c) => rej(new Error(`stub exited (${c})`)));
  });
  return {
    cited: `${first.origin}/cited/v1`,
    dspy: `${first.origin}/dspy/v1`,
    /** LLM calls per side since the last reset. */
    counts: async () => (await fetch(`${first.control}/counts`)).json(),
    reset: async () => (await fetch(`${first.control}/reset`, { method: 'POST' })).json(),
    stop: () => child.kill('SIGTERM'),
  };
}

/**
 * One `dspy_eval.py` run: Evaluate(num_threads=16) inside an MLflow run, with autolog's
 * per-example traces (or `--no-eval-traces`). DSPy's disk cache goes to `cacheDir` (give each
 * run a fresh one: a warm cache would skip the LLM). Resolves with its wall time (process start
 * to exit, trace flush included) and the script's own JSON report.
 */
export async function runPeerEval(
  root,
  { python, dataset, baseUrl, uri, experiment, traces, dataDir, cacheDir },
) {
  const dir = peerDir(root);
  const r = await run(
    python,
    [
      join(dir, 'dspy_eval.py'),
      dataset,
      baseUrl,
      uri,
      experiment,
      ...(traces ? [] : ['--no-eval-traces']),
    ],
    {
      cwd: dir,
      env: { DSPY_PEER_DATA: dataDir, MLFLOW_ENABLE_TELEMETRY: 'false', DSPY_CACHEDIR: cacheDir },
    },
  );
  return { wall: r.wall, report: lastJson(r.out) };
}
