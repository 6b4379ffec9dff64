#!/usr/bin/env node
// The faker corpus (labelled PII in 30 locales, hard negatives) is generated, not committed:
// its seed, faker version, counts and SHA-256 are recorded in bench/pii/faker-corpus.meta.json.
//   node bench/pii/generate-faker-corpus.mjs            write bench/.data/pii-faker-corpus.jsonl and the meta file
//   node bench/pii/generate-faker-corpus.mjs --out F    write the corpus to F only
//   node bench/pii/generate-faker-corpus.mjs --check    regenerate in memory; exit 1 unless it matches the meta file
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildFakerCorpus, FAKER_CORPUS_SEED } from './faker-corpus.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const metaPath = join(here, 'faker-corpus.meta.json');
const args = process.argv.slice(2);
const arg = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const seed = Number(arg('--seed') ?? FAKER_CORPUS_SEED);
const perLocale = Number(arg('--per-locale') ?? 200);
const fakerVersion = createRequire(import.meta.url)('@faker-js/faker/package.json').version;
const docs = buildFakerCorpus({ seed, documentsPerLocale: perLocale });
const body = docs.map((d) => JSON.stringify(d)).join('\n') + '\n';
const tally = (pick) => {
  const acc = {};
  for (const d of docs) for (const x of pick(d)) acc[x] = (acc[x] ?? 0) + 1;
  return Object.fromEntries(Object.entries(acc).sort());
};
const meta = {
  generator: 'bench/pii/generate-faker-corpus.mjs',
  seed,
  documentsPerLocale: perLocale,
  fakerVersion,
  sha256: createHash('sha256').update(body).digest('hex'),
  bytes: Buffer.byteLength(body),
  documents: docs.length,
  locales: [...new Set(docs.map((d) => d.locale))],
  layouts: tally((d) => [d.layout]),
  spans: tally((d) => d.spans.map((s) => s.type)),
  negatives: tally((d) => d.negatives.map((n) => n.kind)),
};
const metaText = JSON.stringify(meta, null, 2) + '\n';

function writeAtomic(path, text) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

if (args.includes('--check')) {
  const recorded = readFileSync(metaPath, 'utf8');
  const same = recorded === metaText;
  console.log(
    same
      ? `faker corpus reproduced: ${meta.documents} documents, sha256 ${meta.sha256} (seed ${seed}, faker ${fakerVersion})`
      : `faker corpus differs from ${metaPath}: got sha256 ${meta.sha256}, recorded ${JSON.parse(recorded).sha256}`,
  );
  process.exitCode = same ? 0 : 1;
} else {
  const out = resolve(arg('--out') ?? join(root, 'bench/.data/pii-faker-corpus.jsonl'));
  writeAtomic(out, body);
  if (!arg('--out')) writeAtomic(metaPath, metaText);
  console.log(
    `wrote ${docs.length} documents over ${meta.locales.length} locales (seed ${seed}, faker ${fakerVersion}, sha256 ${meta.sha256}) → ${out}`,
  );
}
