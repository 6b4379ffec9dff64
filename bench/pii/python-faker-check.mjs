#!/usr/bin/env node
// Cross-check on values from another fake-data library: phone numbers from Python's Faker in
// 15 locales and its card numbers of every type, each set in one of five layouts (form label,
// chat phrase, JSON key, log line, CSV column) in the locale's language. Scored like the faker
// corpus (a value is found only when fully masked), for one build of pii-scrub.
//   node bench/pii/python-faker-check.mjs [--lib <built index.js>] [--seed N] [--misses N]
// Creates .cited/bench-venv-faker (tools/faker-py-venv.mjs) on first use.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureFakerPyVenv, FAKER_PY_VERSION } from '../../tools/faker-py-venv.mjs';
import { evaluateCoverage } from './coverage-eval.mjs';
import { DocBuilder } from './faker-doc-builder.mjs';
import { WORDS } from './faker-locale-words.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const args = process.argv.slice(2);
const arg = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const lib = resolve(arg('--lib') ?? join(root, 'dist/libs/pii-scrub/src/index.js'));
const seed = Number(arg('--seed') ?? 2026);
const pii = createRequire(import.meta.url)(lib);

const python = await ensureFakerPyVenv();
const values = execFileSync(
  python,
  [join(here, 'python-faker-values.py'), String(seed), '100', '50'],
  {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  },
)
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l));

const LAYOUTS = ['form', 'chat', 'json', 'log', 'csv'];
const docs = values.map((x, i) => {
  const w = WORDS[x.locale.split('_')[0]];
  const pick = (xs) => xs[i % xs.length];
  const layout = LAYOUTS[i % LAYOUTS.length];
  const b = new DocBuilder();
  const put = () => b.pii(x.type, x.value, x.issuer ? { issuer: x.issuer } : { style: x.locale });
  const phone = x.type === 'phone';
  if (layout === 'form')
    b.put(`${pick(phone ? w.phone : w.card)}: `)
      .phrase('{v}', put)
      .put('\n');
  if (layout === 'chat') b.phrase(pick(phone ? w.call : w.pay), put).put('\n');
  if (layout === 'json')
    b.put(phone ? '{"id":7,"phone":"' : '{"id":7,"card_number":"')
      .phrase('{v}', put)
      .put('"}');
  if (layout === 'log')
    b.put(`2026-12-06 10:11:12,345 INFO ${phone ? 'sms delivered to=' : 'payment declined card='}`)
      .phrase('{v}', put)
      .put(' status=ok');
  if (layout === 'csv')
    b.put(`id,name,${phone ? 'phone' : 'card_number'},city\n1,A. Test,`)
      .phrase('{v}', put)
      .put(',Lyon\n');
  return { id: `${x.locale}-${i}`, text: b.text, spans: b.spans, negatives: [] };
});

const r = evaluateCoverage(docs, (t) => pii.createScrubber().scrubText(t).findings, {
  breakdown: (doc, s) => s.issuer ?? s.style,
});
console.log(`## Python Faker ${FAKER_PY_VERSION} values (seed ${seed}) in 5 layouts, ${lib}`);
for (const t of ['phone', 'credit_card']) {
  const x = r.types[t];
  console.log(
    `${t}: recall ${x.tp}/${x.gold} = ${x.recall.toFixed(3)}, precision ${x.precision.toFixed(3)} (${x.fp} spans of this type elsewhere)`,
  );
}
console.log(
  Object.entries(r.groups)
    .map(([k, g]) => `${k} ${g.tp}/${g.gold}`)
    .join(', '),
);
const misses = Number(arg('--misses') ?? 0);
if (misses > 0)
  console.log(
    r.misses
      .slice(0, misses)
      .map((m) => `  ${m.id} ${m.type} ${JSON.stringify(m.value)}`)
      .join('\n'),
  );
