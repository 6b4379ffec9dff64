import { z } from 'zod';
import { pipelineKindSchema } from '@cited/dspy-pipeline';

/** Which rows of which dataset an evaluation runs on. */
export const datasetSelectionSchema = z.object({
  /** The dataset-manifest JSONL file. */
  file: z.string().min(1),
  /** Only rows of these splits (comma-separated); absent: every row. */
  split: z.string().min(1).optional(),
  /** Only the first n rows (after the split filter). */
  limit: z.number().int().positive().optional(),
  /**
   * Ask the answerable rows again with their gold documents (and article) hidden from
   * retrieval, as unanswerable questions: the pipeline should abstain.
   */
  holdOutGold: z.boolean().optional(),
});

/** Which rows of which dataset an evaluation runs on. */
export type DatasetSelection = z.infer<typeof datasetSelectionSchema>;

/** Where passages come from: `corpus` indexed in memory when given, else the index in `indexDir`. */
export const retrievalSourceSchema = z.object({
  /** Absolute directory of the stored index (`--index`, default `CITED_INDEX_DIR`). */
  indexDir: z.string().min(1),
  corpus: z.string().min(1).optional(),
  tenant: z.string().min(1),
});

/** Where passages come from. */
export type RetrievalSource = z.infer<typeof retrievalSourceSchema>;

/** How the rows are run. */
export const executionPlanSchema = z.object({
  /** Rows answered in parallel; also the least number of LLM calls allowed in flight. */
  concurrency: z.number().int().positive(),
  /** Stop after this many failed rows in a row (the LLM is probably down). */
  maxConsecutiveErrors: z.number().int().min(0),
});

/** How the rows are run. */
export type ExecutionPlan = z.infer<typeof executionPlanSchema>;

/** How the MLflow run is named, tagged and scrubbed. */
export const runRecordingSchema = z.object({
  /** Experiment name; absent: `MLFLOW_EXPERIMENT_NAME`, else `cited`. */
  experiment: z.string().min(1).optional(),
  /** Run name; absent: `<kind>-<pipeline or optimizer>-<time>`. */
  runName: z.string().min(1).optional(),
  /** Tags added to the run's own (e.g. `cited.promote.candidate`). */
  tags: z.record(z.string(), z.string()),
  /** Params added to the run's own. */
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  /** Whether the dataset snapshot or sample goes through pii-scrub before upload. */
  scrubDataset: z.boolean(),
  /** Whether findings become keyed pseudonyms when `CITED_PII_HMAC_KEY` is set (else markers). */
  pseudonymize: z.boolean(),
  /** One MLflow trace per evaluated example, with its scores as assessments (`--no-traces`: off). */
  traces: z.boolean().default(true),
});

/** How the MLflow run is named, tagged and scrubbed. */
export type RunRecording = z.infer<typeof runRecordingSchema>;

/**
 * One evaluation, resolved once from a command's options (`eval`, `promote --reevaluate`,
 * `demo`; `optimize` evaluates its best program with one) and handed down as is: lower layers
 * take the plan or one of its named parts.
 */
export const evaluationPlanSchema = z.object({
  /** `--pipeline`; absent: the program's pipeline (extractive for the default program). */
  pipeline: pipelineKindSchema.optional(),
  /** `--program`: a program.json path, `models:/…` or `runs:/…`; absent: the pipeline's default. */
  program: z.string().min(1).optional(),
  dataset: datasetSelectionSchema,
  retrieval: retrievalSourceSchema,
  execution: executionPlanSchema,
  recording: runRecordingSchema,
  /** Print the metrics table when the evaluation ends. */
  printTable: z.boolean(),
});

/** One evaluation, resolved once from a command's options. */
export type EvaluationPlan = z.infer<typeof evaluationPlanSchema>;
