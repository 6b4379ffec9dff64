import { loadBundledDataset } from '../corpus/bundled-assets';
import {
  DEFAULT_MIN_RELEVANCE,
  DEFAULT_RETRIEVAL_WEIGHT,
  ExtractivePipeline,
} from '../pipeline/extractive-pipeline';
import type { Passage } from '../retrieval/passage';
import { analyzeText } from '../retrieval/text-analyzer';
import { bundledIndex, retrieveBundled } from '../../test-fixtures/llm-fixtures';
import { rankSentences, type ScoredSentence } from './sentence-scorer';
import { splitSentences } from './sentence-splitter';

/** The straightforward scorer (one set lookup per sentence and term) that rankSentences replaced. */
function referenceScores(
  question: string,
  passages: readonly Passage[],
  retrievalWeight = 0,
): ScoredSentence[] {
  const qTerms = [...new Set(analyzeText(question))];
  if (qTerms.length === 0) return [];
  const analyses = passages.map((p) => ({
    sentences: splitSentences(p.text)
      .map((s, position) => ({ text: s.text, position, terms: new Set(analyzeText(s.text)) }))
      .filter((s) => s.text !== p.title && s.text.length >= 20),
    titleTerms: new Set(analyzeText(p.title)),
  }));
  const n = analyses.reduce((sum, a) => sum + a.sentences.length, 0);
  if (n === 0) return [];
  const weights = qTerms.map((t) => {
    let df = 0;
    for (const a of analyses) for (const s of a.sentences) if (s.terms.has(t)) df++;
    return Math.log(1 + (n + 1) / (df + 0.5));
  });
  let total = 0;
  for (const w of weights) total += w;
  const top = Math.max(0, ...passages.map((p) => p.score));
  const out: ScoredSentence[] = [];
  analyses.forEach((a, passageRank) => {
    const p = passages[passageRank] as Passage;
    const bonus = top > 0 && p.score > 0 ? (retrievalWeight * p.score) / top : 0;
    const inPassage = qTerms.filter(
      (t) => a.titleTerms.has(t) || a.sentences.some((s) => s.terms.has(t)),
    ).length;
    const passageCoverage = inPassage / qTerms.length;
    for (const s of a.sentences) {
      let hit = 0;
      let titleHit = 0;
      qTerms.forEach((t, i) => {
        if (s.terms.has(t)) hit += weights[i] as number;
        else if (a.titleTerms.has(t)) titleHit += weights[i] as number;
      });
      const coverage = total ? (hit + 0.5 * titleHit) / total : 0;
      const score = coverage + 0.04 / (passageRank + 1) + 0.01 / (s.position + 1) + bonus;
      out.push({
        ...s,
        passage: passages[passageRank] as Passage,
        passageRank,
        coverage,
        passageCoverage,
        score,
      });
    }
  });
  return out.sort(
    (a, b) => b.score - a.score || a.passageRank - b.passageRank || a.position - b.position,
  );
}

const view = (s: ScoredSentence) => ({
  text: s.text,
  id: s.passage.id,
  passageRank: s.passageRank,
  position: s.position,
  coverage: s.coverage,
  passageCoverage: s.passageCoverage,
  score: s.score,
  terms: [...s.terms],
});

describe('rankSentences', () => {
  let questions: string[];
  beforeAll(async () => {
    const rows = await loadBundledDataset();
    // Dataset questions, plus variants that move terms between sentences and titles.
    questions = rows.flatMap((r) => [r.question, `${r.question} Riverton deposit tax`]);
  });

  it.each([5, 12])(
    'scores exactly as the per-sentence loop on every dataset question (k=%i)',
    async (k) => {
      let compared = 0;
      for (const q of questions) {
        const passages = await retrieveBundled(q, k);
        const want = referenceScores(q, passages).map(view);
        expect(rankSentences(q, passages).ranked.map(view)).toEqual(want);
        expect(rankSentences(q, passages, 0, 0.5).ranked.map(view)).toEqual(
          referenceScores(q, passages, 0.5).map(view),
        );
        // With a floor: exactly the leading sentences scoring at least 85% of the best.
        const best = want[0]?.score ?? 0;
        expect(rankSentences(q, passages, 0.85).ranked.map(view)).toEqual(
          want.filter((s) => s.score >= 0.85 * best),
        );
        compared += want.length;
      }
      expect(compared).toBeGreaterThan(1000);
    },
  );

  it('gives the question terms and nothing for passages without sentences', () => {
    expect(rankSentences('the of and', []).ranked).toEqual([]);
    const r = rankSentences('Deposit returns?', [
      { id: 'a#0', documentId: 'a', title: 'Short', text: 'Too short.', score: 1 } as Passage,
    ]);
    expect(r).toEqual({ qTerms: ['deposit', 'return'], ranked: [], unmatchedName: false });
  });

  it('flags a name of the question that no passage mentions, in its text or title', () => {
    const passages = [
      {
        id: 'limits#0',
        documentId: 'limits',
        title: 'Security deposit limits',
        text: 'In Riverton, a landlord may not ask for a deposit larger than two months of rent.',
        score: 3,
      } as Passage,
    ];
    expect(rankSentences('What is the deposit limit in Lakeside County?', passages)).toMatchObject({
      unmatchedName: true,
    });
    expect(rankSentences('What is the deposit limit in Riverton?', passages)).toMatchObject({
      unmatchedName: false,
    });
    // A capitalised first word is no name; a name found only in a title counts as found.
    expect(rankSentences('Which deposit limit applies?', passages).unmatchedName).toBe(false);
    expect(rankSentences('What are the Security rules?', passages).unmatchedName).toBe(false);
  });

  it('makes the extractive pipeline choose the sentences the reference ranking gives', async () => {
    const pipeline = new ExtractivePipeline({ retriever: await bundledIndex() });
    let answered = 0;
    for (const q of questions) {
      const passages = await retrieveBundled(q, 5);
      const chosen = pipeline.select(q, passages).map(view);
      const ranked = referenceScores(q, passages, DEFAULT_RETRIEVAL_WEIGHT);
      const best = ranked[0];
      const support = (x: ScoredSentence): number => (x.coverage + x.passageCoverage) / 2;
      if (
        !best ||
        rankSentences(q, passages).unmatchedName ||
        support(best) < DEFAULT_MIN_RELEVANCE
      ) {
        expect(chosen).toEqual([]);
        continue;
      }
      answered++;
      // The reference rule: a second sentence within 85% of the best that adds a question term
      // (from another chunk, of the same document or another, only when supported as well as
      // an answer must be).
      const want = [best];
      const covered = new Set(best.terms);
      const qTerms = new Set(analyzeText(q));
      for (const s of ranked.slice(1)) {
        if (want.length >= 2 || s.score < 0.85 * best.score) break;
        if (s.passage.id !== best.passage.id && support(s) < DEFAULT_MIN_RELEVANCE) continue;
        if (![...qTerms].some((t) => s.terms.has(t) && !covered.has(t))) continue;
        want.push(s);
        for (const t of s.terms) covered.add(t);
      }
      expect(chosen).toEqual(want.map(view));
    }
    expect(answered).toBeGreaterThan(100);
  });
});
