// Builds the faker corpus: documents in many locales, every planted value's span recorded.
// Deterministic: one faker instance per locale, seeded from the corpus seed and the locale's
// position, so the output depends only on the seed and the faker version.
import { allFakers } from '@faker-js/faker';
import { DocBuilder } from './faker-doc-builder.mjs';
import { LAYOUTS } from './faker-documents.mjs';
import { FAKER_LOCALES, WORDS } from './faker-locale-words.mjs';
import { makeNegatives, makeValues } from './faker-values.mjs';

/** Seed of the corpus the benchmark and the quality gates use. */
export const FAKER_CORPUS_SEED = 20261206;
const REF_DATE = new Date('2026-12-01T00:00:00Z');

/**
 * @param {{ seed?: number, documentsPerLocale?: number }} [options]
 * @returns {Array<{ id: string, locale: string, layout: string, text: string, spans: object[], negatives: object[] }>}
 */
export function buildFakerCorpus({ seed = FAKER_CORPUS_SEED, documentsPerLocale = 200 } = {}) {
  const docs = [];
  const weights = LAYOUTS.reduce((n, [, , w]) => n + w, 0);
  FAKER_LOCALES.forEach((loc, index) => {
    const f = allFakers[loc.faker];
    if (!f) throw new Error(`faker has no locale ${loc.faker}`);
    f.seed([seed, index]);
    // Relative dates (birthdates, JWT times, `date.past`) count from this day, not from now.
    f.setDefaultRefDate(REF_DATE);
    const ctx = {
      f,
      v: makeValues(f, loc),
      neg: makeNegatives(f, loc),
      w: WORDS[loc.lang],
      us: loc.faker === 'en_US',
    };
    if (!ctx.w) throw new Error(`no words for language ${loc.lang}`);
    for (let i = 0; i < documentsPerLocale; i++) {
      // Layouts in fixed proportions, interleaved, so every locale gets each layout.
      let slot = (i * 7919) % weights;
      const [layout, write] = LAYOUTS.find(([, , w]) => (slot -= w) < 0);
      const b = new DocBuilder();
      write(b, ctx);
      docs.push({
        id: `${loc.faker}-${i}`,
        locale: loc.faker,
        layout,
        text: b.text,
        spans: b.spans,
        negatives: b.negatives,
      });
    }
  });
  return docs;
}
