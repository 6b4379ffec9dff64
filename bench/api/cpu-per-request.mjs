// CPU per request of the built API (extractive pipeline), measured in the server process
// (/proc/<pid>/stat user+system delta) over N requests at modest concurrency, after a warm-up.
// Robust on a shared machine: CPU time, unlike throughput, does not depend on other load.
// Usage: node bench/api/cpu-per-request.mjs [requests=5000] [--prof] [--baseline]
// (--prof writes a V8 CPU profile into bench/.data/api/prof/; --baseline measures the
// `baseline` pipeline against the LLM stub of bench (b) in its own process, 50 ms per call,
// 32 connections).
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dataDir = join(root, 'bench', '.data', 'api');
const N = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 5000);
const PROF = process.argv.includes('--prof');
const BASELINE = process.argv.includes('--baseline');
const questions = readFileSync(
  join(root, 'libs/dspy-pipeline/assets/datasets/rental-qa.jsonl'),
  'utf8',
)
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l).question);

const port = await new Promise((res) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => res(p));
  });
});
mkdirSync(join(dataDir, 'prof'), { recursive: true });
let stub;
let llmEnv = {};
if (BASELINE) {
  stub = spawn(process.execPath, [join(root, 'bench/api/llm-stub-process.mjs'), '50'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const first = await new Promise((res) => stub.stdout.once('data', (d) => res(String(d))));
  llmEnv = {
    CITED_LLM_PROVIDER: 'openai-compatible',
    CITED_LLM_MODEL: 'stub-model',
    CITED_LLM_BASE_URL: JSON.parse(first.split('\n')[0]).baseUrl,
    CITED_LLM_TIMEOUT_MS: '10000',
    CITED_LLM_CONCURRENCY: '128',
    CITED_ALLOW_PIPELINE_OVERRIDE: 'true',
  };
}
const logFd = openSync(join(dataDir, 'cpu-per-request.log'), 'w');
const args = PROF ? ['--cpu-prof', `--cpu-prof-dir=${join(dataDir, 'prof')}`] : [];
const child = spawn(process.execPath, [...args, join(root, 'dist/apps/api/main.js')], {
  cwd: root,
  env: {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    CITED_INDEX_DIR: join(dataDir, 'index'),
    CITED_PROGRAM_CACHE_DIR: join(dataDir, 'program-cache-cpu'),
    CITED_RATE_LIMIT_RPM: '100000000',
    CITED_RATE_LIMIT_BURST: '100000000',
    CITED_MODEL_NAME: `cited-bench-${process.pid}`,
    MLFLOW_TRACKING_URI: 'http://127.0.0.1:9',
    CITED_LOG_LEVEL: 'info',
    ...llmEnv,
  },
  stdio: ['ignore', logFd, logFd],
});
const base = `http://127.0.0.1:${port}`;
for (const deadline = Date.now() + 90_000; ;) {
  if (child.exitCode !== null)
    throw new Error('API exited; see bench/.data/api/cpu-per-request.log');
  const r = await fetch(`${base}/healthz`).catch(() => null);
  if (r?.status === 200) break;
  if (Date.now() > deadline) throw new Error('API did not start');
  await new Promise((r) => setTimeout(r, 200));
}
function cpuMs() {
  const st = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
  const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
}
let i = 0;
const run = (amount) =>
  autocannon({
    url: `${base}/v1/answer`,
    method: 'POST',
    connections: BASELINE ? 32 : 8,
    amount,
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (req) => {
          const n = i++;
          return {
            ...req,
            headers: { ...req.headers, 'x-request-id': `cpu-${n}` },
            body: JSON.stringify({
              question: questions[n % questions.length],
              ...(BASELINE ? { pipeline: 'baseline' } : {}),
            }),
          };
        },
      },
    ],
  });
await run(2000);
const c0 = cpuMs();
const r = await run(N);
const used = cpuMs() - c0;
child.kill('SIGTERM');
stub?.kill('SIGTERM');
await new Promise((res) => child.once('exit', res));
console.log(
  JSON.stringify({
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
    cpuMsPerRequest: Number((used / r.requests.total).toFixed(3)),
    rps: Math.round(r.requests.average),
  }),
);
