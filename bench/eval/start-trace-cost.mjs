#!/usr/bin/env node
// What one StartTraceV3 costs MLflow's server, per part of an eval trace's info: variants of the
// same real requests (the client's own traceInfoRequest) interleaved on ONE fresh 1-worker
// server, in blocks of START_BLOCK traces, START_ROUNDS rounds in a rotating order, so load drift
// hits every variant alike. Server CPU from its process group (/proc) per request; each variant
// also as a ratio to the first one of the same round (median over rounds).
// Variants (START_VARIANTS, comma-separated; `name@k` = k requests in flight, default 4 like the
// eval's sender): full (what the client sends), no-previews, no-tags, no-metadata,
// no-assessment-metadata, required (only the tags and assessments the trace must carry),
// no-assessments, bare (no previews, tags, metadata or assessments: any StartTraceV3's floor).
// Env: START_TRACES (a traces.jsonl captured by ingest-cost.mjs with INGEST_SAVE_TRACES),
// START_ROUNDS (8), START_BLOCK (25). Needs the build (dist/libs).
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { distRequire } from '../pipeline/dist-require.mjs';
import { groupCpuSeconds } from './proc-stats.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { startMlflowServer } = await import(join(root, 'tools/mlflow-server.mjs'));
const require = distRequire();
const { MlflowClient, mlflowConfigSchema } = require('@cited/mlflow-client');
const lib = join(root, 'dist/libs/mlflow-client/src/lib/tracing');
const { traceInfoRequest } = require(join(lib, 'trace-info-request.js'));

const ROUNDS = Number(process.env.START_ROUNDS ?? 8);
const BLOCK = Number(process.env.START_BLOCK ?? 25);
const file = process.env.START_TRACES;
if (!file) throw new Error('START_TRACES: a traces.jsonl (ingest-cost.mjs INGEST_SAVE_TRACES)');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const info = (req) => req.trace.traceInfo;
const REQUIRED_TAGS = new Set([
  'mlflow.traceName',
  'cited.pipeline',
  'cited.program.id',
  'cited.program.version',
  'cited.tenant',
  'cited.dataset.digest',
]);
/** Each variant rewrites the client's request; `full` is what the client sends. */
const VARIANT_FNS = {
  full: () => undefined,
  'no-previews': (r) => {
    delete info(r).requestPreview;
    delete info(r).responsePreview;
  },
  'no-tags': (r) => {
    info(r).tags = { 'mlflow.traceName': info(r).tags['mlflow.traceName'] };
  },
  'no-metadata': (r) => {
    info(r).traceMetadata = {};
  },
  'no-assessment-metadata': (r) => {
    for (const a of info(r).assessments) delete a.metadata;
  },
  // Only what the trace must carry: the pipeline, program id and version, tenant and dataset
  // digest as tags, the run link, and the 7 scores and 2 gold expectations.
  required: (r) => {
    const i = info(r);
    i.tags = Object.fromEntries(Object.entries(i.tags).filter(([k]) => REQUIRED_TAGS.has(k)));
    i.assessments = i.assessments.filter((a) => a.assessmentName !== 'answer_contains_gold');
  },
  'no-assessments': (r) => {
    info(r).assessments = [];
  },
  bare: (r) => {
    const i = info(r);
    delete i.requestPreview;
    delete i.responsePreview;
    i.tags = {};
    i.traceMetadata = {};
    i.assessments = [];
  },
};
// `name@k` sends variant `name` with k requests in flight (default 4, as the eval's sender).
const VARIANTS = (process.env.START_VARIANTS ?? Object.keys(VARIANT_FNS).join(',')).split(',');
const parse = (v) => {
  const [name, k] = v.split('@');
  if (!VARIANT_FNS[name]) throw new Error(`unknown variant ${v}`);
  return { fn: VARIANT_FNS[name], inFlight: Number(k ?? 4) };
};
for (const v of VARIANTS) parse(v);

const all = readFileSync(file, 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l));
const work = mkdtempSync(join(tmpdir(), 'cited-start-cost-'));
const server = await startMlflowServer({ dir: join(work, 'mlflow'), workers: 1 });
const client = new MlflowClient(mlflowConfigSchema.parse({ trackingUri: server.uri }));
let serial = 0;
async function sendBlock(target, variant) {
  const reqs = [];
  for (let i = 0; i < BLOCK; i++) {
    const t = all[serial % all.length];
    const id = (serial++).toString(16).padStart(10, '0');
    const req = traceInfoRequest({ ...t, traceId: `${t.traceId.slice(0, 22)}${id}` }, target);
    parse(variant).fn(req);
    reqs.push(JSON.stringify(req));
  }
  let next = 0;
  const worker = async () => {
    while (next < reqs.length) {
      const body = reqs[next++];
      const res = await fetch(`${server.uri}/api/3.0/mlflow/traces`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json' },
      });
      const text = await res.text();
      if (!res.ok)
        throw new Error(`StartTraceV3 (${variant}): HTTP ${res.status} ${text.slice(0, 300)}`);
    }
  };
  await Promise.all(Array.from({ length: parse(variant).inFlight }, worker));
}
try {
  const experimentId = await client.experiments.getOrCreate('start-cost');
  const runId = (await client.runs.create({ experimentId })).info.runId;
  const target = { experimentId, runId };
  for (const v of VARIANTS) await sendBlock(target, v); // warm-up
  const per = Object.fromEntries(VARIANTS.map((v) => [v, []]));
  for (let r = 0; r < ROUNDS; r++) {
    // Rotate the order each round so no variant always follows the same one.
    const order = VARIANTS.map((_, i) => VARIANTS[(i + r) % VARIANTS.length]);
    for (const v of order) {
      await sleep(200);
      const c0 = groupCpuSeconds(server.pid);
      await sendBlock(target, v);
      await sleep(200);
      per[v].push((1000 * (groupCpuSeconds(server.pid) - c0)) / BLOCK);
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  // Each variant against the first one of the same round: load drift cancels in the ratio.
  const base = per[VARIANTS[0]];
  for (const v of VARIANTS)
    process.stdout.write(
      `${v.padEnd(24)} median ${median(per[v]).toFixed(2)} ms, mean ${mean(per[v]).toFixed(2)} ms ` +
        `per StartTraceV3, ×${median(per[v].map((x, i) => x / base[i])).toFixed(2)} of ` +
        `${VARIANTS[0]} (median of rounds; ${ROUNDS} blocks of ${BLOCK}: ` +
        `${per[v].map((x) => x.toFixed(1)).join(' ')})\n`,
    );
} finally {
  client.close();
  await server.stop();
  rmSync(work, { recursive: true, force: true });
}
