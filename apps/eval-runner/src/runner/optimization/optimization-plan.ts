import { z } from 'zod';
import { datasetSelectionSchema, evaluationPlanSchema } from '../evaluation/evaluation-plan';

/** Optimizers `optimize` offers. */
export const optimizerNameSchema = z.enum(['bootstrap', 'gepa'], {
  error: '--optimizer must be bootstrap or gepa',
});

/**
 * One optimization, resolved once from the command's options (`optimize`, `demo`). The best
 * program is evaluated on the dev split with `evaluation`, whose `program` is the starting
 * program and whose dataset selection is the dev split; `train` selects the rows the optimizer
 * learns from in the same file.
 */
export const optimizationPlanSchema = z.object({
  optimizer: optimizerNameSchema,
  /** `--seed`, else `CITED_LLM_SEED`, else 0. */
  seed: z.number().int().min(0),
  /** Most demos in a candidate. */
  maxDemos: z.number().int().positive(),
  /** Candidates evaluated after the starting program. */
  trials: z.number().int().positive(),
  train: datasetSelectionSchema.pick({ split: true, limit: true }).required({ split: true }),
  evaluation: evaluationPlanSchema.extend({
    dataset: datasetSelectionSchema.required({ split: true }),
  }),
});

/** One optimization, resolved once from the command's options. */
export type OptimizationPlan = z.infer<typeof optimizationPlanSchema>;
