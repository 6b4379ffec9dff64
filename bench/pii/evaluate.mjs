// Precision/recall on the labelled corpus. A prediction counts as correct when its type
// equals the gold type and the spans overlap by at least half of each span's length.

export function overlapOk(a, b) {
  const inter = Math.min(a.end, b.end) - Math.max(a.start, b.start);
  return inter > 0 && inter * 2 >= a.end - a.start && inter * 2 >= b.end - b.start;
}

/**
 * @param docs labelled documents {text, spans}
 * @param predict (text) => [{type,start,end}]
 * @param typed when false, any predicted span overlapping a gold span counts (type-agnostic)
 */
export function evaluate(docs, predict, typed = true) {
  const per = new Map();
  const row = (t) => {
    if (!per.has(t)) per.set(t, { tp: 0, fp: 0, fn: 0, gold: 0 });
    return per.get(t);
  };
  for (const doc of docs) {
    const preds = predict(doc.text);
    const used = new Set();
    for (const g of doc.spans) {
      const key = typed ? g.type : 'any';
      row(key).gold++;
      const hit = preds.findIndex(
        (p, i) => !used.has(i) && (!typed || p.type === g.type) && overlapOk(p, g),
      );
      if (hit >= 0) {
        used.add(hit);
        row(key).tp++;
      } else row(key).fn++;
    }
    preds.forEach((p, i) => {
      if (used.has(i)) return;
      // A second prediction on an already-matched gold span (e.g. split) is not a new false positive.
      if (doc.spans.some((g) => (!typed || p.type === g.type) && overlapOk(p, g))) return;
      row(typed ? p.type : 'any').fp++;
    });
  }
  const out = {};
  for (const [t, r] of [...per].sort()) {
    out[t] = {
      ...r,
      precision: r.tp + r.fp === 0 ? 1 : r.tp / (r.tp + r.fp),
      recall: r.gold === 0 ? 1 : r.tp / r.gold,
    };
  }
  return out;
}
