import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UNGATED_ENTITY_TYPES } from './entity-types';
import { createScrubber } from './scrub/scrub-api';

interface Span {
  type: string;
  start: number;
  end: number;
}
interface Doc {
  id: string;
  text: string;
  spans: Span[];
}

const overlapOk = (a: Span, b: Span) => {
  const inter = Math.min(a.end, b.end) - Math.max(a.start, b.start);
  return inter > 0 && inter * 2 >= a.end - a.start && inter * 2 >= b.end - b.start;
};

/** Same matching rule as bench/pii/evaluate.mjs. */
function metrics(docs: Doc[], predict: (t: string) => Span[]) {
  const per: Record<string, { tp: number; fp: number; gold: number }> = {};
  const row = (t: string) => (per[t] ??= { tp: 0, fp: 0, gold: 0 });
  for (const d of docs) {
    const preds = predict(d.text);
    const used = new Set<number>();
    for (const g of d.spans) {
      row(g.type).gold++;
      const i = preds.findIndex((p, k) => !used.has(k) && p.type === g.type && overlapOk(p, g));
      if (i >= 0) {
        used.add(i);
        row(g.type).tp++;
      }
    }
    preds.forEach((p, k) => {
      if (!used.has(k) && !d.spans.some((g) => g.type === p.type && overlapOk(p, g)))
        row(p.type).fp++;
    });
  }
  return per;
}

describe('quality gates on the labelled corpus', () => {
  const docs = readFileSync(join(__dirname, '..', 'test-fixtures', 'labelled-corpus.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Doc);
  const per = metrics(docs, (t) => createScrubber({ profile: 'strict' }).scrubText(t).findings);

  it('has at least 600 labelled spans over every type and hard negatives', () => {
    const spans = docs.reduce((n, d) => n + d.spans.length, 0);
    expect(spans).toBeGreaterThanOrEqual(600);
    expect(docs.filter((d) => d.spans.length === 0).length).toBeGreaterThanOrEqual(200);
    expect(Object.keys(per).length).toBeGreaterThanOrEqual(25);
  });

  it('meets precision ≥ 0.97 and recall ≥ 0.99 on every structured type', () => {
    const failing: string[] = [];
    for (const [type, r] of Object.entries(per)) {
      if ((UNGATED_ENTITY_TYPES as readonly string[]).includes(type)) continue;
      const precision = r.tp + r.fp === 0 ? 1 : r.tp / (r.tp + r.fp);
      const recall = r.gold === 0 ? 1 : r.tp / r.gold;
      if (precision < 0.97 || recall < 0.99)
        failing.push(`${type} P=${precision.toFixed(3)} R=${recall.toFixed(3)}`);
    }
    expect(failing).toEqual([]);
  });
});
