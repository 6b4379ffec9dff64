import { createHash } from 'node:crypto';

/** The splits `dataset import` assigns, with their shares of articles (by title hash). */
export const ARTICLE_SPLITS = [
  { split: 'train', upTo: 0.6 },
  { split: 'dev', upTo: 0.8 },
  { split: 'test', upTo: 1 },
] as const;

/** One of the import splits. */
export type ArticleSplit = (typeof ARTICLE_SPLITS)[number]['split'];

/**
 * The split of an article: the first 32 bits of the sha256 of its title, as a fraction of 2³²,
 * against 0.6 (train) and 0.8 (dev), else test. Depends on the title only, so an article keeps
 * its split whatever file or order it comes in, and no article's questions straddle two splits.
 */
export function splitOfTitle(title: string): ArticleSplit {
  const u = createHash('sha256').update(title, 'utf8').digest().readUInt32BE(0) / 2 ** 32;
  for (const s of ARTICLE_SPLITS) if (u < s.upTo) return s.split;
  return 'test';
}
