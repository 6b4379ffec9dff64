// Scoring on the faker corpus, where a partly masked value is a leak: a gold value counts as
// found only when spans of its own type cover every one of its non-space characters.
// Precision: a predicted span is correct when it overlaps a gold value of its type. Hard
// negatives: intact when no predicted span (of any type) overlaps them.

/** F-beta with beta = 2 (recall weighted four times as much as precision). */
export function f2(precision, recall) {
  return precision + recall === 0 ? 0 : (5 * precision * recall) / (4 * precision + recall);
}

function covered(text, gold, preds) {
  for (let i = gold.start; i < gold.end; i++) {
    if (/\s/.test(text[i])) continue;
    if (!preds.some((p) => p.start <= i && i < p.end)) return false;
  }
  return true;
}

const overlaps = (a, b) => a.start < b.end && b.start < a.end;

/**
 * @param docs `{ text, spans: [{type,start,end,...meta}], negatives: [{kind,start,end}] }`
 * @param predict `(text) => [{type,start,end}]`
 * @param {{ breakdown?: (doc, span) => string | undefined, leakTypes?: Set<string> }} [options]
 *   `breakdown` groups recall by a key (e.g. phone style); `leakTypes` limits the leak rate to
 *   those gold types (default all)
 */
export function evaluateCoverage(docs, predict, { breakdown, leakTypes } = {}) {
  const per = new Map();
  const row = (t) => {
    if (!per.has(t)) per.set(t, { gold: 0, tp: 0, fn: 0, fp: 0, predicted: 0 });
    return per.get(t);
  };
  const groups = new Map();
  const negatives = new Map();
  const misses = [];
  const falsePositives = [];
  let leaks = 0;
  let goldTotal = 0;
  for (const doc of docs) {
    const preds = predict(doc.text);
    for (const g of doc.spans) {
      const r = row(g.type);
      r.gold++;
      const counts = !leakTypes || leakTypes.has(g.type);
      if (counts) goldTotal++;
      const own = preds.filter((p) => p.type === g.type && overlaps(p, g));
      const hit = covered(doc.text, g, own);
      if (hit) r.tp++;
      else {
        r.fn++;
        misses.push({ id: doc.id, type: g.type, value: doc.text.slice(g.start, g.end), meta: g });
      }
      if (
        counts &&
        !covered(
          doc.text,
          g,
          preds.filter((p) => overlaps(p, g)),
        )
      )
        leaks++;
      const key = breakdown?.(doc, g);
      if (key !== undefined) {
        const k = `${g.type} ${key}`;
        if (!groups.has(k)) groups.set(k, { gold: 0, tp: 0 });
        groups.get(k).gold++;
        if (hit) groups.get(k).tp++;
      }
    }
    for (const p of preds) {
      const r = row(p.type);
      r.predicted++;
      if (!doc.spans.some((g) => g.type === p.type && overlaps(p, g))) {
        r.fp++;
        falsePositives.push({ id: doc.id, type: p.type, value: doc.text.slice(p.start, p.end) });
      }
    }
    for (const n of doc.negatives ?? []) {
      if (!negatives.has(n.kind)) negatives.set(n.kind, { total: 0, intact: 0, hit: [] });
      const r = negatives.get(n.kind);
      r.total++;
      if (preds.some((p) => overlaps(p, n))) r.hit.push(doc.text.slice(n.start, n.end));
      else r.intact++;
    }
  }
  const types = {};
  for (const [t, r] of [...per].sort()) {
    // Precision over predicted spans: a span overlapping a gold value of its type is correct.
    const precision = r.predicted === 0 ? 1 : (r.predicted - r.fp) / r.predicted;
    const recall = r.gold === 0 ? 1 : r.tp / r.gold;
    types[t] = { ...r, precision, recall, f2: f2(precision, recall) };
  }
  return {
    types,
    groups: Object.fromEntries([...groups].sort()),
    negatives: Object.fromEntries([...negatives].sort()),
    misses,
    falsePositives,
    leakRate: goldTotal === 0 ? 0 : leaks / goldTotal,
  };
}
