import { resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { nonNegativeInt, positiveInt } from '../../cli/option-parsers';
import type { RunnerConfig } from '../../config/runner-config';
import type {
  ExecutionPlan,
  RetrievalSource,
  RunRecording,
} from '../../runner/evaluation/evaluation-plan';

/** Schema of the options {@link addEvalDataOptions} adds, spread into each command's schema. */
export const evalDataOptionsShape = {
  index: z.string().min(1).optional(),
  corpus: z.string().min(1).optional(),
  tenant: z.string().min(1).default('default'),
  concurrency: positiveInt('--concurrency').default(8),
  maxConsecutiveErrors: nonNegativeInt('--max-consecutive-errors').default(10),
  scrubDataset: z.boolean().default(true),
  traces: z.boolean().default(true),
};

/** The parsed options {@link addEvalDataOptions} adds. */
export type EvalDataOptions = z.output<z.ZodObject<typeof evalDataOptionsShape>>;

/** Adds the options `eval` shares with other commands that evaluate. */
export function addEvalDataOptions(cmd: Command): Command {
  return cmd
    .option(
      '--index <dir>',
      'embedded index built by `ingest` (default: CITED_INDEX_DIR, .cited/index)',
    )
    .option(
      '--corpus <path>',
      'index this corpus in memory instead (folder of .md/.txt or documents .jsonl)',
    )
    .option('--tenant <tenant>', 'tenant whose documents answer (default: default)')
    .option('--concurrency <n>', 'examples evaluated in parallel (default: 8)')
    .option(
      '--max-consecutive-errors <n>',
      'abort after this many failed examples in a row (default: 10)',
    )
    .option(
      '--no-scrub-dataset',
      'upload the dataset snapshot/sample without pii-scrub (default: scrubbed)',
    )
    .option(
      '--no-traces',
      'no MLflow trace per evaluated example (default: one trace each, scrubbed, with its scores)',
    );
}

/** Where passages come from, per these options; the index defaults to `CITED_INDEX_DIR`. */
export function retrievalSourceOf(o: EvalDataOptions, config: RunnerConfig): RetrievalSource {
  return {
    indexDir: resolve(o.index ?? config.retrieval.indexDir),
    ...(o.corpus ? { corpus: o.corpus } : {}),
    tenant: o.tenant,
  };
}

/** How rows are run, per these options. */
export function executionPlanOf(o: EvalDataOptions): ExecutionPlan {
  return { concurrency: o.concurrency, maxConsecutiveErrors: o.maxConsecutiveErrors };
}

/**
 * How a command's own run is recorded: its experiment and run name, the dataset upload
 * scrubbed unless `--no-scrub-dataset`, pseudonyms keyed when a key is configured.
 */
export function recordingOf(
  o: EvalDataOptions & { experiment?: string | undefined; runName?: string | undefined },
): RunRecording {
  return {
    experiment: o.experiment,
    runName: o.runName,
    tags: {},
    params: {},
    scrubDataset: o.scrubDataset,
    pseudonymize: true,
    traces: o.traces,
  };
}
