import { z } from 'zod';

/** One gold answer of a SQuAD question (`answer_start` is a character offset in the context). */
export const squadAnswerSchema = z.object({
  text: z.string().min(1, 'must be a non-empty string'),
  answer_start: z.number().int().min(0),
});

/**
 * One SQuAD question. SQuAD 2.0 adds `is_impossible` (then `answers` is empty and
 * `plausible_answers` may be present); SQuAD v1.1 has neither.
 */
export const squadQuestionSchema = z.looseObject({
  id: z.string().min(1, 'must be a non-empty string'),
  question: z.string().min(1, 'must be a non-empty string'),
  answers: z.array(squadAnswerSchema),
  is_impossible: z.boolean().optional(),
});

/** One paragraph with its questions. */
export const squadParagraphSchema = z.looseObject({
  context: z.string().min(1, 'must be a non-empty string'),
  qas: z.array(squadQuestionSchema),
});

/** One Wikipedia article. */
export const squadArticleSchema = z.looseObject({
  title: z.string().min(1, 'must be a non-empty string'),
  paragraphs: z.array(squadParagraphSchema),
});

/** A SQuAD file (v1.1 or 2.0): `{version, data: [article]}`. */
export const squadFileSchema = z.looseObject({
  version: z.string().optional(),
  data: z.array(squadArticleSchema).min(1, 'must hold at least one article'),
});

/** A parsed SQuAD file. */
export type SquadFile = z.infer<typeof squadFileSchema>;

/** A parsed SQuAD article. */
export type SquadArticle = z.infer<typeof squadArticleSchema>;
