// Prints the faker-corpus quality table (default profile) and says whether its goals hold:
// recall ≥ 0.98 and precision ≥ 0.97 for every structured type, ≥ 99% of hard negatives intact.
import { readFileSync } from 'node:fs';
import { evaluateCoverage } from './coverage-eval.mjs';

/**
 * Types the goals cover (`faker-gated-types.json`, also read by pii-scrub's gate spec); the
 * others (names, addresses, dates of birth) are reported only.
 */
export const FAKER_GATED = new Set(
  JSON.parse(readFileSync(new URL('./faker-gated-types.json', import.meta.url), 'utf8')),
);

export function readJsonl(path) {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
}

const num = (x) => x.toFixed(3).padStart(9);

/**
 * @param scrubber a pii-scrub scrubber (`scrubText(t).findings`)
 * @param docs the faker corpus
 * @param {{ misses?: number }} [options] how many missed values / false positives to list
 * @returns {{ failures: string[] }}
 */
export function reportFakerCorpus(scrubber, docs, { misses = 0 } = {}) {
  // Each text is scrubbed once: the per-locale table below scores the same findings again.
  const findings = new Map();
  const predict = (t) => {
    let f = findings.get(t);
    if (f === undefined) findings.set(t, (f = scrubber.scrubText(t).findings));
    return f;
  };
  const r = evaluateCoverage(docs, predict, {
    breakdown: (doc, s) =>
      s.type === 'phone' ? s.style : s.type === 'credit_card' ? s.issuer : undefined,
    leakTypes: FAKER_GATED,
  });
  const failures = [];
  console.log('type                  gold    tp   fn   fp  precision  recall     F2  goal');
  for (const [t, x] of Object.entries(r.types)) {
    const gated = FAKER_GATED.has(t);
    const ok = x.recall >= 0.98 && x.precision >= 0.97;
    if (gated && !ok) failures.push(`${t} P=${x.precision.toFixed(3)} R=${x.recall.toFixed(3)}`);
    console.log(
      `${t.padEnd(20)} ${String(x.gold).padStart(5)} ${String(x.tp).padStart(5)} ${String(x.fn).padStart(4)} ${String(x.fp).padStart(4)}  ${num(x.precision)} ${num(x.recall).slice(2)} ${x.f2.toFixed(3).padStart(6)}  ${gated ? (ok ? 'pass' : 'FAIL') : 'report'}`,
    );
  }
  console.log(
    `recall by phone style / card issuer: ${Object.entries(r.groups)
      .map(([k, g]) => `${k} ${g.tp}/${g.gold}`)
      .join(', ')}`,
  );
  let total = 0;
  let intact = 0;
  const kinds = Object.entries(r.negatives).map(([k, n]) => {
    total += n.total;
    intact += n.intact;
    return `${k} ${n.intact}/${n.total}`;
  });
  const intactRate = total === 0 ? 1 : intact / total;
  if (intactRate < 0.99) failures.push(`hard negatives intact ${(intactRate * 100).toFixed(2)}%`);
  console.log(
    `hard negatives left intact: ${intact}/${total} = ${(intactRate * 100).toFixed(2)}% (${kinds.join(', ')})`,
  );
  console.log(`structured values not fully masked by any type: ${(r.leakRate * 100).toFixed(2)}%`);
  reportByLocale(docs, predict);
  if (misses > 0) {
    const show = (label, xs) =>
      console.log(
        `${label}:\n${xs
          .slice(0, misses)
          .map(
            (m) =>
              `  ${m.id} ${m.type} ${JSON.stringify(m.value)}${m.meta?.style ? ` (${m.meta.style})` : ''}${m.meta?.issuer ? ` (${m.meta.issuer})` : ''}`,
          )
          .join('\n')}`,
      );
    show(`missed values (${r.misses.length})`, r.misses);
    show(`false positives (${r.falsePositives.length})`, r.falsePositives);
    const hits = Object.entries(r.negatives).flatMap(([k, n]) =>
      n.hit.map((v) => ({ id: k, type: 'negative', value: v })),
    );
    show(`hard negatives scrubbed (${hits.length})`, hits);
  }
  return { failures, result: r, intactRate };
}

/** `tp/gold` and the rate, or `-` when there is no gold value. */
const rate = (tp, gold) => (gold === 0 ? '-' : `${tp}/${gold} ${(tp / gold).toFixed(3)}`);

/**
 * Per locale: recall of phones, cards and all gated (structured) types, precision of the gated
 * types, hard negatives intact.
 */
function reportByLocale(docs, predict) {
  const byLocale = new Map();
  for (const d of docs) {
    if (!byLocale.has(d.locale)) byLocale.set(d.locale, []);
    byLocale.get(d.locale).push(d);
  }
  console.log(
    'locale     docs  phone recall         card recall          structured recall    structured P  negatives intact',
  );
  for (const [locale, group] of byLocale) {
    const r = evaluateCoverage(group, predict, { leakTypes: FAKER_GATED });
    let gold = 0;
    let tp = 0;
    let predicted = 0;
    let fp = 0;
    for (const [t, x] of Object.entries(r.types)) {
      if (!FAKER_GATED.has(t)) continue;
      gold += x.gold;
      tp += x.tp;
      predicted += x.predicted;
      fp += x.fp;
    }
    const neg = Object.values(r.negatives).reduce(
      (a, n) => ({ total: a.total + n.total, intact: a.intact + n.intact }),
      { total: 0, intact: 0 },
    );
    const phone = r.types.phone ?? { tp: 0, gold: 0 };
    const card = r.types.credit_card ?? { tp: 0, gold: 0 };
    console.log(
      `${String(locale).padEnd(9)} ${String(group.length).padStart(5)}  ${rate(phone.tp, phone.gold).padEnd(20)} ${rate(card.tp, card.gold).padEnd(20)} ${rate(tp, gold).padEnd(20)} ${(predicted === 0 ? 1 : (predicted - fp) / predicted).toFixed(3).padStart(12)}  ${rate(neg.intact, neg.total)}`,
    );
  }
}
