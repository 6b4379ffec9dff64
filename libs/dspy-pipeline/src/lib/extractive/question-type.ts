/**
 * The kind of phrase a question asks for, from its wh-words: a date for "when" / "what year",
 * a number for "how many" / "how much", a name for "who", a place for "where". `other` for
 * everything else (what, which, why, how, yes/no): the extractive reader then answers with the
 * sentence.
 */
export type AnswerType = 'date' | 'number' | 'person' | 'place' | 'other';

const RULES: readonly (readonly [RegExp, AnswerType])[] = [
  [/\b(?:what|which|in which|in what)\s+(?:year|years|decade|century|date|day|month)\b/, 'date'],
  [/\bwhen\b/, 'date'],
  [
    /\bhow\s+(?:many|much|long|old|far|large|big|tall|high|deep|wide|fast|often)\b|\bwhat\s+(?:percentage|percent|proportion|number|amount)\b/,
    'number',
  ],
  [/\bwho(?:m|se)?\b/, 'person'],
  [/\bwhere\b/, 'place'],
];

/** The answer type of a question (first matching rule wins; case-insensitive). */
export function answerTypeOf(question: string): AnswerType {
  const q = question.toLowerCase();
  for (const [re, type] of RULES) if (re.test(q)) return type;
  return 'other';
}
