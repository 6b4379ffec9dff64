// Micro-benchmark of what one API answer trace costs to build and encode, by stage, on the built
// libraries (dist/libs; run `npx nx run-many -t build -p dspy-pipeline mlflow-client` first): the
// extractive pipeline answers the bundled dataset's questions with a recorder, as the API's
// sampled requests do; then, per trace, `answerTrace` with pii-scrub's default profile (passages
// through a memo, as apps/api's TraceScrubbers), and `encodeOtlpProtobuf` in batches of 50.
// Prints µs per trace of each stage (median of rounds).
// Usage: node bench/api/trace-build-cost.mjs [traces=5000] [rounds=5]
import { join } from 'node:path';
import { median } from '../shared/median.mjs';
import { distRequire, root } from '../pipeline/dist-require.mjs';

const N = Number(process.argv[2] ?? 5000);
const ROUNDS = Number(process.argv[3] ?? 5);
const req = distRequire();
const lib = req('@cited/dspy-pipeline');
// The encoder is internal to mlflow-client (TracesApi uses it): load its built file.
const { encodeOtlpProtobuf } = req(
  join(root, 'dist/libs/mlflow-client/src/lib/tracing/otlp-protobuf.js'),
);
const { createScrubber } = req('@cited/pii-scrub');
const assets = join(root, 'libs/dspy-pipeline/assets');
const { chunks } = await lib.loadBundledCorpus({ assetsDir: assets });
const rows = await lib.loadBundledDataset({ assetsDir: assets });
const index = await lib.EmbeddedIndex.build(chunks);

const scrubber = createScrubber({ profile: 'default', invalidUtf8: 'replace' });
const text = (t) => scrubber.scrubText(t).text;
const memo = new Map();
const passage = (t) => {
  let out = memo.get(t);
  if (out === undefined) memo.set(t, (out = text(t)));
  return out;
};

const recorded = [];
for (let i = 0; i < N; i++) {
  const recorder = lib.createAnswerRecorder();
  const pipeline = new lib.ExtractivePipeline({
    retriever: recorder.retriever(index),
    sinks: recorder.sinks,
  });
  const question = rows[i % rows.length].question;
  const startedAtMs = Date.now();
  const result = await pipeline.answer(question, { tenantId: 'default', topK: 5 });
  recorded.push({ question, result, recorder, startedAtMs, endedAtMs: Date.now() });
}
const build = () =>
  recorded.map((r) =>
    lib.answerTrace({
      question: r.question,
      startedAtMs: r.startedAtMs,
      endedAtMs: r.endedAtMs,
      result: r.result,
      recorded: r.recorder,
      tags: {
        'cited.kind': 'api',
        'cited.http_status': '200',
        'cited.request_id': 'bench-1',
        'cited.tenant': 'default',
        'cited.pipeline': 'extractive',
      },
      scrub: text,
      scrubPassage: passage,
    }),
  );
const scope = { name: 'cited', version: '0.0.0' };
const stats = { build: [], encode: [], bytes: 0 };
for (let round = 0; round < ROUNDS + 1; round++) {
  const t0 = performance.now();
  const traces = build();
  const t1 = performance.now();
  let bytes = 0;
  for (let i = 0; i < traces.length; i += 50)
    bytes += encodeOtlpProtobuf(traces.slice(i, i + 50), scope).length;
  const t2 = performance.now();
  if (round === 0) continue; // warm-up
  stats.build.push(((t1 - t0) * 1000) / N);
  stats.encode.push(((t2 - t1) * 1000) / N);
  stats.bytes = bytes / N;
}
console.log(
  JSON.stringify({
    traces: N,
    buildUsPerTrace: Number(median(stats.build).toFixed(2)),
    encodeUsPerTrace: Number(median(stats.encode).toFixed(2)),
    bytesPerTrace: Math.round(stats.bytes),
    rounds: {
      build: stats.build.map((x) => Number(x.toFixed(2))),
      encode: stats.encode.map((x) => Number(x.toFixed(2))),
    },
  }),
);
