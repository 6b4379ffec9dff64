import type { Command } from 'commander';
import { z } from 'zod';
import { pipelineKindSchema } from '@cited/dspy-pipeline';
import { withJson, type ActionRunner } from '../cli/command-context';
import { ExitCode } from '../cli/exit-codes';
import {
  checkThresholds,
  collect,
  nonNegativeInt,
  parseOptions,
  parseThresholds,
  positiveInt,
} from '../runner/cli-options';
import { evaluateRequest } from '../runner/eval-request';
import { openTracking, runUrl } from '../runner/tracking-target';

/** Schema of the options {@link addEvalDataOptions} adds, spread into each command's schema. */
export const evalDataOptionsShape = {
  index: z.string().min(1).optional(),
  corpus: z.string().min(1).optional(),
  tenant: z.string().min(1).default('default'),
  concurrency: positiveInt('--concurrency').default(8),
  maxConsecutiveErrors: nonNegativeInt('--max-consecutive-errors').default(10),
  scrubDataset: z.boolean().default(true),
};

/** Options of `eval`, as commander hands them over. */
export const evalOptionsSchema = z.object({
  pipeline: pipelineKindSchema.optional(),
  program: z.string().min(1).optional(),
  ...evalDataOptionsShape,
  dataset: z.string({ error: '--dataset <file.jsonl> is required' }).min(1),
  split: z.string().min(1).optional(),
  limit: positiveInt('--limit').optional(),
  experiment: z.string().min(1).max(500).optional(),
  runName: z.string().min(1).max(250).optional(),
  failUnder: z.array(z.string()).default([]),
  json: z.boolean().default(false),
});

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
    );
}

/** `eval`: run a pipeline over a dataset and log everything to MLflow. */
export function registerEvalCommand(program: Command, run: ActionRunner): void {
  const cmd = withJson(program.command('eval'))
    .description(
      'evaluate a pipeline on a dataset; logs params, metrics, dataset and scrubbed artifacts to MLflow',
    )
    .option(
      '--pipeline <kind>',
      "extractive | baseline | dspy (default: the program's pipeline, else extractive)",
    )
    .option(
      '--program <source>',
      'program.json path, models:/<name>@<alias>, models:/<name>/<version> or runs:/<run_id>/<path>',
    )
    .option('--dataset <file.jsonl>', 'evaluation dataset (dataset-manifest JSONL)')
    .option(
      '--split <split>',
      'only rows of this split (comma-separated for several; default: all)',
    )
    .option('--limit <n>', 'only the first n rows')
    .option('--experiment <name>', 'MLflow experiment (default: MLFLOW_EXPERIMENT_NAME or cited)')
    .option('--run-name <name>', 'MLflow run name')
    .option(
      '--fail-under <metric=value>',
      'exit 1 when a metric is below value (repeatable; split metrics as dev/token_f1)',
      collect,
    );
  addEvalDataOptions(cmd).action(
    run(async (ctx, { opts }) => {
      const o = parseOptions(evalOptionsSchema, opts);
      const thresholds = parseThresholds(o.failUnder);
      const config = ctx.config();
      const tracking = await openTracking(config, ctx.out, o.experiment);
      try {
        const outcome = await evaluateRequest(
          { config, out: ctx.out, tracking, progressStream: ctx.out.progressStream },
          {
            ...(o.pipeline ? { pipeline: o.pipeline } : {}),
            ...(o.program ? { program: o.program } : {}),
            ...(o.index ? { index: o.index } : {}),
            ...(o.corpus ? { corpus: o.corpus } : {}),
            dataset: o.dataset,
            ...(o.split ? { split: o.split } : {}),
            ...(o.limit !== undefined ? { limit: o.limit } : {}),
            concurrency: o.concurrency,
            tenant: o.tenant,
            ...(o.runName ? { runName: o.runName } : {}),
            scrubDataset: o.scrubDataset,
            maxConsecutiveErrors: o.maxConsecutiveErrors,
          },
        );
        const { interrupted, ...result } = outcome;
        ctx.out.human(
          [
            '',
            `examples ${result.counts.examples}, errors ${result.counts.errors}, abstained ${result.counts.abstained}`,
            result.runId
              ? `run: ${runUrl(tracking.trackingUri, tracking.experimentId, result.runId)}`
              : `run recorded in the spool (${tracking.spoolDir}); replay with \`npx eval-runner mlflow sync\``,
          ].join('\n'),
        );
        const checks = checkThresholds(thresholds, result.metrics, result.perSplit);
        const failed = checks.filter((c) => !c.ok);
        for (const c of failed)
          ctx.out.human(`FAIL ${c.metric} = ${c.value?.toFixed(4)} < ${c.threshold}`);
        ctx.out.result(result);
        if (interrupted) ctx.setExitCode(130);
        else if (failed.length > 0) ctx.setExitCode(ExitCode.CheckFailed);
      } finally {
        tracking.client.close();
      }
    }),
  );
}
