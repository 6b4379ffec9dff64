// What the API benchmarks share: starting the built API (and helper scripts) as child
// processes, the bundled questions, and per-process CPU (with the process's children) and
// memory read from /proc.
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const dataDir = join(root, 'bench', '.data', 'api');

/** The questions of the bundled dataset, in file order. */
export const questions = readFileSync(
  join(root, 'libs/dspy-pipeline/assets/datasets/rental-qa.jsonl'),
  'utf8',
)
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l).question);

/** The n-th dataset question, in file order, round and round. */
export const datasetQuestion = (n) => questions[n % questions.length];

/**
 * A control question: made-up words (unique per request) that no document of the corpus
 * contains, so retrieval finds nothing and the pipeline abstains at once; its cost is the API's
 * own request handling.
 */
export const controlQuestion = (n) => `zqv${n.toString(36)} vlorpt kraszt?`;

/** Every child started here; {@link stopChildren} ends those still running. */
const children = [];

/** Sends SIGTERM to every child process started by this module that is still running. */
export function stopChildren() {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Spawns a node script; resolves with the child and its first JSON stdout line. */
export async function spawnJson(args, env = {}) {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise((res, rej) => {
    lines.once('line', (l) => res(JSON.parse(l)));
    child.once('exit', (c) => rej(new Error(`${args.join(' ')} exited (${c})`)));
  });
  return { child, first, lines };
}

function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

/** The API bundle the benchmarks run: `BENCH_API_MAIN`, else `dist/apps/api/main.js`. */
export const defaultApiMain = () =>
  process.env.BENCH_API_MAIN ?? join(root, 'dist/apps/api/main.js');

/**
 * Starts a built API (`node [nodeArgs] <main>`, by default {@link defaultApiMain}; another
 * bundle, e.g. a copy of an earlier build kept below the repository root so that it resolves
 * the workspace's node_modules, to compare against) with its logs in
 * `bench/.data/api/<name>.log`, keys off and the rate limit out of the way; resolves once
 * /healthz answers.
 */
export async function startApi(name, env, nodeArgs = [], { main = defaultApiMain() } = {}) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  mkdirSync(dataDir, { recursive: true });
  const logFd = openSync(join(dataDir, `${name}.log`), 'w');
  const args = [...nodeArgs, main];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      CITED_INDEX_DIR: join(dataDir, 'index'),
      CITED_PROGRAM_CACHE_DIR: join(dataDir, `program-cache-${name}`),
      CITED_RATE_LIMIT_RPM: '100000000',
      CITED_RATE_LIMIT_BURST: '100000000',
      CITED_MODEL_NAME: `cited-bench-${process.pid}`,
      MLFLOW_TRACKING_URI: 'http://127.0.0.1:9',
      ...env,
    },
    stdio: ['ignore', logFd, logFd],
  });
  children.push(child);
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`API exited; see ${dataDir}/${name}.log`);
    const res = await fetch(`${base}/healthz`).catch(() => null);
    if (res?.status === 200) return { child, base };
    if (Date.now() > deadline) throw new Error(`API did not start; see ${dataDir}/${name}.log`);
    await sleep(200);
  }
}

/** API environment for the `baseline` pipeline against the LLM stub at `baseUrl`. */
export function stubLlmEnv(baseUrl) {
  return {
    CITED_LLM_PROVIDER: 'openai-compatible',
    CITED_LLM_MODEL: 'stub-model',
    CITED_LLM_BASE_URL: baseUrl,
    CITED_LLM_TIMEOUT_MS: '10000',
    // Above the benchmarks' connection counts: the default of 8 calls in flight would queue.
    CITED_LLM_CONCURRENCY: '128',
    CITED_ALLOW_PIPELINE_OVERRIDE: 'true',
  };
}

/** CPU time (user + system, ms) the process has used so far. */
export function cpuMs(pid) {
  const { user, system } = cpuTimesMs(pid);
  return user + system;
}

/**
 * User and kernel CPU time (ms) used so far by a process and its descendants still running
 * apart (socket writes are kernel time).
 */
export function cpuTimesMs(pid) {
  const total = { user: 0, system: 0 };
  for (const p of processTree(pid)) {
    let stat;
    try {
      stat = readFileSync(`/proc/${p}/stat`, 'utf8');
    } catch {
      continue; // exited since it was listed
    }
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // USER_HZ = 100 on Linux.
    total.user += (Number(f[11]) * 1000) / 100;
    total.system += (Number(f[12]) * 1000) / 100;
  }
  return total;
}

/** `pid` and its descendants, from /proc/<pid>/task/<tid>/children. */
function processTree(pid) {
  const out = [];
  const todo = [pid];
  while (todo.length > 0) {
    const p = todo.pop();
    out.push(p);
    let tasks = [];
    try {
      tasks = readdirSync(`/proc/${p}/task`);
    } catch {
      continue;
    }
    for (const t of tasks) {
      try {
        const kids = readFileSync(`/proc/${p}/task/${t}/children`, 'utf8').trim();
        if (kids !== '') todo.push(...kids.split(' ').map(Number));
      } catch {
        // the thread ended meanwhile
      }
    }
  }
  return out;
}

/** Resident set size (MB) of the process now. */
export function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
}
