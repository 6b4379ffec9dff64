#!/usr/bin/env node
// `npm run bench:pii:names`: person-name quality and speed of pii-scrub's `person_name`
// detector, side by side in the same run with a full `compromise` parse (`nlp(text).people()`,
// the detector's previous implementation). Quality: the labelled corpus (names only) and the
// hand-written challenge set in name-challenge.mjs. Speed: prose (the bundled rental corpus and
// Q&A rows, plus the prose lines of the mixed corpus), CPU time of one core.
import { createRequire } from 'node:module';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { evaluate } from './evaluate.mjs';
import { buildNameChallenge } from './name-challenge.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const pii = require(join(root, 'dist/libs/pii-scrub/src/index.js'));
const nlp = require('compromise');

const labelled = readFileSync(
  join(root, 'libs/pii-scrub/src/test-fixtures/labelled-corpus.jsonl'),
  'utf8',
)
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l));
const challenge = buildNameChallenge();
const namesOnly = (docs) =>
  docs.map((d) => ({ ...d, spans: d.spans.filter((s) => s.type === 'person_name') }));

/** The previous detector: compromise's full parse, with the same span trimming. */
function compromisePeople(text) {
  const out = [];
  for (const p of nlp(text).people().json({ offset: true })) {
    if (!p.offset) continue;
    let start = p.offset.start;
    let end = start + p.offset.length;
    while (end > start && /[\s.,;:!?'"’)]/.test(text[end - 1] ?? '')) end--;
    if (text.slice(end - 2, end) === "'s" || text.slice(end - 2, end) === '’s') end -= 2;
    while (start < end && /[\s"'(]/.test(text[start] ?? '')) start++;
    const name = text.slice(start, end);
    if (name.length < 2 || !/^[A-Z]/.test(name) || /[@\d_/=]/.test(name)) continue;
    out.push({ type: 'person_name', start, end });
  }
  return out;
}
const namesScrubber = pii.createScrubber({ profile: 'default', enable: ['person_name'] });
const ours = (t) => namesScrubber.scrubText(t).findings.filter((f) => f.type === 'person_name');

const fmt = (r) =>
  `gold ${String(r.gold).padStart(3)} tp ${String(r.tp).padStart(3)} fp ${String(r.fp).padStart(3)} fn ${String(r.fn).padStart(3)}  P ${r.precision.toFixed(3)} R ${r.recall.toFixed(3)}`;
const row = (res) => res.person_name ?? { gold: 0, tp: 0, fp: 0, fn: 0, precision: 1, recall: 1 };
console.log('## person_name quality');
for (const [label, docs] of [
  [`labelled corpus (${labelled.length} docs)`, namesOnly(labelled)],
  [`challenge set (${challenge.length} docs)`, challenge],
]) {
  console.log(label);
  console.log(`  pii-scrub person_name : ${fmt(row(evaluate(docs, ours)))}`);
  console.log(`  compromise .people()  : ${fmt(row(evaluate(docs, compromisePeople)))}`);
}
if (process.argv.includes('--misses')) {
  for (const d of [...namesOnly(labelled), ...challenge]) {
    const got = ours(d.text).map((f) => d.text.slice(f.start, f.end));
    const want = d.spans.map((s) => d.text.slice(s.start, s.end));
    if (JSON.stringify(got) !== JSON.stringify(want) && (want.length || got.length))
      console.log('  ', JSON.stringify(d.text), 'want', want, 'got', got);
  }
}

// --- speed ---------------------------------------------------------------------------------
const corpusDir = join(root, 'libs/dspy-pipeline/assets/corpus');
const prose = [
  ...readdirSync(corpusDir).map((f) => readFileSync(join(corpusDir, f), 'utf8')),
  ...readFileSync(join(root, 'libs/dspy-pipeline/assets/datasets/rental-qa.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .flatMap((l) => {
      const r = JSON.parse(l);
      return [r.question, r.answer, r.context].flat().filter((x) => typeof x === 'string');
    }),
  ...challenge.map((d) => d.text),
];
const texts = [];
let bytes = 0;
while (bytes < 2 * 1024 * 1024) {
  for (const t of prose) {
    texts.push(t);
    bytes += Buffer.byteLength(t);
  }
}
const mb = bytes / 2 ** 20;
const cpu = (fn, list) => {
  const c0 = process.cpuUsage();
  let n = 0;
  for (const t of list) n += fn(t).length;
  const c = process.cpuUsage(c0);
  return { s: (c.user + c.system) / 1e6, n };
};
const def = pii.createScrubber({ profile: 'default' });
const strict = pii.createScrubber({ profile: 'strict' });
for (const f of [
  ours,
  compromisePeople,
  (t) => def.scrubText(t).findings,
  (t) => strict.scrubText(t).findings,
])
  cpu(f, texts.slice(0, f === compromisePeople ? 300 : 5000));
const small = texts.slice(0, Math.ceil(texts.length / 8));
const smallMb = small.reduce((n, t) => n + Buffer.byteLength(t), 0) / 2 ** 20;
const oursT = cpu(ours, texts);
const compT = cpu(compromisePeople, small);
const defT = cpu((t) => def.scrubText(t).findings, texts);
const strictT = cpu((t) => strict.scrubText(t).findings, texts);
console.log(
  `\n## person_name speed on prose (${mb.toFixed(1)} MB, ${texts.length} texts; CPU time, one core)`,
);
console.log(
  `pii-scrub person_name only : ${(mb / oursT.s).toFixed(2)} MB/s (${oursT.s.toFixed(2)} s CPU, ${oursT.n} names)`,
);
console.log(
  `compromise .people()       : ${(smallMb / compT.s).toFixed(2)} MB/s (${compT.s.toFixed(2)} s CPU on ${smallMb.toFixed(2)} MB)`,
);
console.log(`ratio pii-scrub / compromise: ${(mb / oursT.s / (smallMb / compT.s)).toFixed(1)}×`);
console.log(`pii-scrub default profile  : ${(mb / defT.s).toFixed(2)} MB/s`);
console.log(`pii-scrub strict profile   : ${(mb / strictT.s).toFixed(2)} MB/s`);
console.log(
  `load average: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
