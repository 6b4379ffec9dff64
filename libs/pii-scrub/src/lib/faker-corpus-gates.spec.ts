import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  negatives: Array<{ kind: string; start: number; end: number }>;
}

/** Types the goals cover (email, phone, card, IBAN, SSN, IP, secrets): one list with bench:pii. */
const GATED = JSON.parse(
  readFileSync(join(__dirname, '..', '..', '..', '..', 'bench/pii/faker-gated-types.json'), 'utf8'),
) as string[];

const overlaps = (a: Span, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;

/** Same rule as bench/pii/coverage-eval.mjs: found = every non-space character covered. */
function covered(text: string, gold: Span, preds: readonly Span[]): boolean {
  for (let i = gold.start; i < gold.end; i++) {
    if (/\s/.test(text[i] ?? '')) continue;
    if (!preds.some((p) => p.start <= i && i < p.end)) return false;
  }
  return true;
}

describe('quality gates on the faker corpus (generated, 30 locales, default profile)', () => {
  const root = join(__dirname, '..', '..', '..', '..');
  const dir = mkdtempSync(join(tmpdir(), 'pii-faker-'));
  const file = join(dir, 'corpus.jsonl');
  execFileSync(process.execPath, [
    join(root, 'bench/pii/generate-faker-corpus.mjs'),
    '--out',
    file,
  ]);
  const body = readFileSync(file, 'utf8');
  rmSync(dir, { recursive: true, force: true });
  const meta = JSON.parse(readFileSync(join(root, 'bench/pii/faker-corpus.meta.json'), 'utf8')) as {
    sha256: string;
    documents: number;
    locales: string[];
  };
  const docs = body
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Doc);
  const scrubber = createScrubber();
  const per: Record<string, { gold: number; tp: number; predicted: number; fp: number }> = {};
  const row = (t: string) => (per[t] ??= { gold: 0, tp: 0, predicted: 0, fp: 0 });
  let negatives = 0;
  let intact = 0;
  for (const d of docs) {
    const preds = scrubber.scrubText(d.text).findings;
    for (const g of d.spans) {
      row(g.type).gold++;
      const own = preds.filter((p) => p.type === g.type && overlaps(p, g));
      if (covered(d.text, g, own)) row(g.type).tp++;
    }
    for (const p of preds) {
      row(p.type).predicted++;
      if (!d.spans.some((g) => g.type === p.type && overlaps(p, g))) row(p.type).fp++;
    }
    for (const n of d.negatives) {
      negatives++;
      if (!preds.some((p) => overlaps(p, n))) intact++;
    }
  }

  it('is the corpus recorded in bench/pii/faker-corpus.meta.json (seed and faker pinned)', () => {
    expect(createHash('sha256').update(body).digest('hex')).toBe(meta.sha256);
    expect(docs.length).toBeGreaterThanOrEqual(5000);
    expect(meta.locales.length).toBeGreaterThanOrEqual(20);
    // The structured types are all gated (the list is shared with bench:pii).
    expect(GATED).toEqual(
      expect.arrayContaining([
        'email',
        'phone',
        'credit_card',
        'iban',
        'ssn',
        'ipv4',
        'ipv6',
        'jwt',
      ]),
    );
    for (const t of GATED) expect([t, (per[t]?.gold ?? 0) >= 50]).toEqual([t, true]);
  });

  it('meets recall ≥ 0.98 and precision ≥ 0.97 on every structured type, full values only', () => {
    const failing: string[] = [];
    for (const t of GATED) {
      const r = row(t);
      const recall = r.gold === 0 ? 1 : r.tp / r.gold;
      const precision = r.predicted === 0 ? 1 : (r.predicted - r.fp) / r.predicted;
      if (recall < 0.98 || precision < 0.97)
        failing.push(`${t} P=${precision.toFixed(3)} R=${recall.toFixed(3)}`);
    }
    expect(failing).toEqual([]);
  });

  it('leaves ≥ 99% of the hard negatives (dates, prices, versions, years …) intact', () => {
    expect(negatives).toBeGreaterThan(10_000);
    expect(intact / negatives).toBeGreaterThanOrEqual(0.99);
  });
});
