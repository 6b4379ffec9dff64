#!/usr/bin/env node
// Check on a public synthetic PII set written by others: Microsoft presidio-research's
// `data/synth_dataset_v2.json` (MIT; 1,500 templated documents: forms, chats, letters,
// addresses in many countries). Not committed: pass the file with --file (default
// bench/.data/presidio-synth_dataset_v2.json). Its structured types are scored like the faker
// corpus (a value is found only when spans of its type cover it fully), for one build:
//   node bench/pii/public-synthetic-check.mjs [--file F] [--lib <built index.js>] [--profile strict] [--misses N]
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluateCoverage } from './coverage-eval.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const args = process.argv.slice(2);
const arg = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const lib = resolve(arg('--lib') ?? join(root, 'dist/libs/pii-scrub/src/index.js'));
const file = resolve(arg('--file') ?? join(root, 'bench/.data/presidio-synth_dataset_v2.json'));
const profile = arg('--profile') ?? 'default';
if (!existsSync(file)) {
  console.error(
    `${file} is missing: it is data/synth_dataset_v2.json of github.com/microsoft/presidio-research (MIT); pass its path with --file.`,
  );
  process.exit(2);
}

/** The set's structured entity types → pii-scrub's (IPs: either family). */
const TYPES = {
  EMAIL_ADDRESS: 'email',
  PHONE_NUMBER: 'phone',
  CREDIT_CARD: 'credit_card',
  IBAN_CODE: 'iban',
  US_SSN: 'ssn',
  IP_ADDRESS: 'ip',
};
const ours = (type) => (type === 'ipv4' || type === 'ipv6' ? 'ip' : type);

const records = JSON.parse(readFileSync(file, 'utf8'));
const docs = records.map((r, i) => ({
  id: `doc-${i}`,
  text: r.full_text,
  spans: r.spans
    .filter((s) => TYPES[s.entity_type] !== undefined)
    .map((s) => ({
      type: TYPES[s.entity_type],
      start: s.start_position,
      end: s.end_position,
      template: r.template_id,
    })),
  negatives: [],
}));

const pii = createRequire(import.meta.url)(lib);
const scrubber = pii.createScrubber({ profile });
const scored = new Set(Object.values(TYPES));
const r = evaluateCoverage(
  docs,
  (t) =>
    scrubber
      .scrubText(t)
      .findings.map((f) => ({ ...f, type: ours(f.type) }))
      .filter((f) => scored.has(f.type)),
  { leakTypes: scored },
);

console.log(
  `## public synthetic set: ${records.length} documents (${file}), ${profile} profile, ${lib}`,
);
console.log('type           gold    tp   fn   fp  precision  recall');
let gold = 0;
let tp = 0;
for (const [t, x] of Object.entries(r.types)) {
  gold += x.gold;
  tp += x.tp;
  console.log(
    `${t.padEnd(12)} ${String(x.gold).padStart(5)} ${String(x.tp).padStart(5)} ${String(x.fn).padStart(4)} ${String(x.fp).padStart(4)}  ${x.precision.toFixed(3).padStart(9)}  ${x.recall.toFixed(3).padStart(6)}`,
  );
}
console.log(
  `structured recall (every value fully masked by its own type): ${tp}/${gold} = ${(tp / gold).toFixed(3)}; values not fully masked by any type: ${(r.leakRate * 100).toFixed(2)}%`,
);
const misses = Number(arg('--misses') ?? 0);
if (misses > 0) {
  const list = (label, xs) =>
    console.log(
      `${label} (${xs.length}):\n${xs
        .slice(0, misses)
        .map((m) => `  ${m.id} ${m.type} ${JSON.stringify(m.value)}`)
        .join('\n')}`,
    );
  list('missed values', r.misses);
  list('false positives', r.falsePositives);
}
