// Pipeline benchmark: the dspy pipeline (reasoner + verifier = 2 LLM calls per question) over the
// real embedded BM25 index of the bundled corpus, against the OpenAI-compatible stub (separate
// process, fixed latency) through Ax's real HTTP client (`AxGen.forward`, the LLM fetch over
// the global fetch).
// Measures: (1) the overhead beyond the LLM calls and retrieval per question, on sequential
//           questions (reported, p50/p90/p99; no target);
//           (2) N questions at concurrency C against the LLM-bound ideal
//           N / C × calls × latency (guardrail: wall ≤ 1.1 × ideal).
// Run with `npm run bench:pipeline` (builds the libraries first). Env: BENCH_N_SEQ (200),
// BENCH_WARMUP (10), BENCH_N (64), BENCH_C (8), BENCH_LATENCY_MS (200).
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync, renameSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { distRequire, root } from './dist-require.mjs';

const require = distRequire();
const lib = require('@cited/dspy-pipeline');

const LATENCY = Number(process.env.BENCH_LATENCY_MS ?? 200);
const CALLS_PER_QUESTION = 2;
const N_SEQ = Number(process.env.BENCH_N_SEQ ?? 200);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 10);
const N_CONC = Number(process.env.BENCH_N ?? 64);
const C = Number(process.env.BENCH_C ?? 8);
const GUARDRAIL = 1.1;
const loadStart = os.loadavg();

const stubs = [];
async function startStub(latencyMs) {
  const child = spawn(
    process.execPath,
    [join(root, 'bench', 'pipeline', 'stub-process.mjs'), String(latencyMs)],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  stubs.push(child);
  const line = await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`stub exited with ${code}`)));
    createInterface({ input: child.stdout }).once('line', resolve);
  });
  return JSON.parse(line).baseUrl;
}
const stopStubs = () => stubs.forEach((c) => c.kill('SIGTERM'));

// Time spent inside the HTTP round trip, summed per question: request sent → response headers
// of the global fetch (the stub sends its small body with the headers). Reading the body
// happens in the LLM fetch wrapper and counts as overhead here.
let httpMs = 0;
const timedFetch = async (input, init) => {
  const t = performance.now();
  try {
    return await fetch(input, init);
  } finally {
    httpMs += performance.now() - t;
  }
};
const llmFor = (baseUrl) =>
  lib.createLlmService(
    lib.llmConfigSchema.parse({
      provider: 'openai-compatible',
      model: 'bench-model',
      baseUrl,
      seed: 1,
      concurrency: C,
      timeoutMs: 10_000,
      retries: 0,
    }),
    { baseFetch: timedFetch },
  );

const program = lib.buildProgram({
  name: 'bench',
  pipeline: 'dspy',
  modules: { reasoner: lib.defaultReasonerSpec(), verifier: lib.defaultVerifierSpec() },
  llm: null,
  retriever: lib.DEFAULT_RETRIEVER,
  seed: 1,
});
const { chunks } = await lib.loadBundledCorpus();
const index = await lib.EmbeddedIndex.build(chunks);
// Answerable questions of the bundled dataset that retrieve something (others never call the LLM).
const questions = [];
for (const row of await lib.loadBundledDataset()) {
  if (lib.goldSourceIdsOf(row).length === 0) continue;
  const hits = await index.retrieve(row.question, { k: 5, tenantId: 'default' });
  if (hits.some((p) => p.score > 0)) questions.push(row.question);
}
const question = (i) => questions[i % questions.length];

const pct = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const r = (v) => +v.toFixed(2);
  return {
    p50: r(pct(s, 0.5)),
    p90: r(pct(s, 0.9)),
    p99: r(pct(s, 0.99)),
    max: r(s[s.length - 1]),
    n: s.length,
  };
};

try {
  // --- Sequential: per-question overhead and its breakdown. ---
  const baseUrl = await startStub(LATENCY);
  const llm = llmFor(baseUrl);
  const pipeline = lib.createDspyPipeline({ retriever: index, llm, program });
  const ask = async (i) => {
    httpMs = 0;
    const r = await pipeline.answer(question(i), {});
    if (r.abstained)
      throw new Error(`question ${i} abstained: ${r.verification.unsupportedClaims.join('; ')}`);
    return { r, http: httpMs };
  };
  for (let i = 0; i < WARMUP; i++) await ask(i);
  const rows = [];
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < N_SEQ; i++) {
    const { r, http } = await ask(WARMUP + i);
    const modules = r.trace.filter((e) => e.module === 'reasoner' || e.module === 'verifier');
    const moduleMs = modules.reduce((s, e) => s + e.latencyMs, 0);
    const t = r.timings;
    rows.push({
      beyondLlm: t.totalMs - t.retrievalMs - http,
      strict: t.totalMs - t.retrievalMs - modules.length * LATENCY,
      transport: http - modules.length * LATENCY,
      axAndWrapper: moduleMs - http,
      pipelineOwn: t.totalMs - t.retrievalMs - moduleMs,
      retrieval: t.retrievalMs,
    });
  }
  const cpu = process.cpuUsage(cpu0);
  const cpuPerQuestion = (cpu.user + cpu.system) / 1000 / N_SEQ;
  const col = (k) => stats(rows.map((x) => x[k]));

  // --- Concurrency: N questions, C at a time (the LLM limiter), against the ideal. ---
  const t0 = performance.now();
  await Promise.all(Array.from({ length: N_CONC }, (_, i) => pipeline.answer(question(i), {})));
  const wall = performance.now() - t0;
  const ideal = (N_CONC * CALLS_PER_QUESTION * LATENCY) / C;

  const result = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    memGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    loadavgStart: loadStart.map((x) => +x.toFixed(2)),
    loadavgEnd: os.loadavg().map((x) => +x.toFixed(2)),
    latencyMs: LATENCY,
    questions: questions.length,
    overheadMs: {
      beyondLlmAndRetrieval: col('beyondLlm'),
      strict_totalMinusRetrievalMinusLatency: col('strict'),
      breakdown: {
        transport_httpMinusStubLatency: col('transport'),
        axAndFetchWrapper: col('axAndWrapper'),
        pipelineOwn: col('pipelineOwn'),
        retrieval: col('retrieval'),
      },
      clientCpuMsPerQuestion: +cpuPerQuestion.toFixed(2),
    },
    concurrency: {
      n: N_CONC,
      c: C,
      wallMs: Math.round(wall),
      idealMs: ideal,
      ratio: +(wall / ideal).toFixed(3),
    },
  };
  console.log(JSON.stringify(result, null, 2));
  mkdirSync(join(root, 'bench', '.data'), { recursive: true });
  const out = join(root, 'bench', '.data', 'pipeline-result.json');
  writeFileSync(`${out}.tmp`, `${JSON.stringify(result, null, 2)}\n`);
  renameSync(`${out}.tmp`, out);
  const okConc = wall <= GUARDRAIL * ideal;
  const o = result.overheadMs.beyondLlmAndRetrieval;
  console.log(
    `overhead beyond LLM + retrieval: p50 ${o.p50} ms, p90 ${o.p90} ms, p99 ${o.p99} ms (reported); ` +
      `wall ≤ ${GUARDRAIL} × ideal: ${okConc ? 'PASS' : 'FAIL'} (${result.concurrency.ratio})`,
  );
  if (loadStart[0] > os.cpus().length)
    console.log(
      `note: load average ${loadStart[0].toFixed(1)} > ${os.cpus().length} cores at start: timings include CPU contention.`,
    );
  process.exitCode = okConc ? 0 : 1;
} finally {
  stopStubs();
}
