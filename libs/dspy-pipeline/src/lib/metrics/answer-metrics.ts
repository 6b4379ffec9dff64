/**
 * SQuAD-style answer normalisation: lower case, punctuation removed, articles (a, an, the)
 * removed, whitespace collapsed.
 */
export function normalizeAnswer(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\p{P}\p{S}]/gu, ' ')
    .replace(/\b(a|an|the)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** 1 when the normalised prediction equals one normalised gold answer, else 0. */
export function exactMatch(prediction: string, golds: readonly string[]): number {
  const p = normalizeAnswer(prediction);
  return golds.some((g) => normalizeAnswer(g) === p) ? 1 : 0;
}

/** Token F1 of one prediction against one gold answer (SQuAD definition, bag of tokens). */
export function tokenF1Single(prediction: string, gold: string): number {
  const p = normalizeAnswer(prediction).split(' ').filter(Boolean);
  const g = normalizeAnswer(gold).split(' ').filter(Boolean);
  if (p.length === 0 || g.length === 0) return p.length === g.length ? 1 : 0;
  const counts = new Map<string, number>();
  for (const t of g) counts.set(t, (counts.get(t) ?? 0) + 1);
  let common = 0;
  for (const t of p) {
    const c = counts.get(t) ?? 0;
    if (c > 0) {
      common++;
      counts.set(t, c - 1);
    }
  }
  if (common === 0) return 0;
  const precision = common / p.length;
  const recall = common / g.length;
  return (2 * precision * recall) / (precision + recall);
}

/** Best token F1 over the gold answers (0 when there are none). */
export function tokenF1(prediction: string, golds: readonly string[]): number {
  let best = 0;
  for (const g of golds) best = Math.max(best, tokenF1Single(prediction, g));
  return best;
}

/**
 * 1 when the normalised prediction contains one normalised gold answer as a run of whole
 * tokens (so "1,000" does not count inside "11,000"), else 0. Meant for short extractive
 * answers: a sentence that holds the answer scores 1 even where exact match and token F1 are low.
 */
export function answerContainsGold(prediction: string, golds: readonly string[]): number {
  const p = ` ${normalizeAnswer(prediction)} `;
  return golds.some((g) => {
    const n = normalizeAnswer(g);
    return n !== '' && p.includes(` ${n} `);
  })
    ? 1
    : 0;
}
