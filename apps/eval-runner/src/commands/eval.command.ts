import type { Command } from 'commander';
import { markRequiredOptions } from '../cli/required-options';
import { z } from 'zod';
import { pipelineKindSchema } from '@cited/dspy-pipeline';
import { withJson, type ActionRunner } from './command-context';
import { CliError } from '../cli/cli-error';
import { ExitCode } from '../cli/exit-codes';
import { checkThresholds, parseThresholds } from '../cli/fail-under';
import { collect, parseOptions, positiveInt } from '../cli/option-parsers';
import type { RunnerConfig } from '../config/runner-config';
import { evaluationPlanSchema, type EvaluationPlan } from '../runner/evaluation/evaluation-plan';
import { evaluatePlan } from '../runner/evaluation/run-evaluation';
import { meteredLlmsForRun } from '../runner/llm/metered-llms';
import { openTracking, runUrl } from '../runner/tracking/tracking-target';
import {
  addEvalDataOptions,
  evalDataOptionsShape,
  executionPlanOf,
  recordingOf,
  retrievalSourceOf,
} from './eval/eval-data-options';

/** Options of `eval`, as commander hands them over. */
export const evalOptionsSchema = z.object({
  pipeline: pipelineKindSchema.optional(),
  program: z.string().min(1).optional(),
  ...evalDataOptionsShape,
  dataset: z.string().min(1),
  split: z.string().min(1).optional(),
  limit: positiveInt('--limit').optional(),
  holdOutGold: z.boolean().default(false),
  experiment: z.string().min(1).max(500).optional(),
  runName: z.string().min(1).max(250).optional(),
  failUnder: z.array(z.string()).default([]),
  requireTracking: z.boolean().default(false),
  cache: z.boolean().default(true),
  json: z.boolean().default(false),
});

/** The evaluation `eval` runs, from its parsed options. */
export function evalPlanOf(
  o: z.output<typeof evalOptionsSchema>,
  config: RunnerConfig,
): EvaluationPlan {
  return evaluationPlanSchema.parse({
    pipeline: o.pipeline,
    program: o.program,
    dataset: { file: o.dataset, split: o.split, limit: o.limit, holdOutGold: o.holdOutGold },
    retrieval: retrievalSourceOf(o, config),
    execution: executionPlanOf(o),
    recording: recordingOf(o),
    printTable: true,
  });
}

/** The refusal of `--require-tracking` when MLflow is away (exit 3). */
function trackingRequired(uri: string): CliError {
  return new CliError(
    'tracking_unavailable',
    `MLflow is not reachable at ${uri} and --require-tracking was given: the run is not recorded in MLflow.`,
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
    .option(
      '--hold-out-gold',
      'ask the answerable rows with their gold documents (and metadata.article) hidden from retrieval, as unanswerable questions: measures abstention on questions the sources cannot answer',
    )
    .option('--experiment <name>', 'MLflow experiment (default: MLFLOW_EXPERIMENT_NAME or cited)')
    .option('--run-name <name>', 'MLflow run name')
    .option(
      '--fail-under <metric=value>',
      'exit 1 when a metric is below value (repeatable; split metrics as dev/token_f1)',
      collect,
    )
    .option(
      '--require-tracking',
      'exit 3 when MLflow is unreachable instead of recording the run in the spool',
    )
    .option(
      '--no-cache',
      'send every LLM request (default: replies cached under CITED_LLM_CACHE_DIR, .cited/cache/llm)',
    );
  markRequiredOptions(addEvalDataOptions(cmd), evalOptionsSchema).action(
    run(async (ctx, { opts }) => {
      const o = parseOptions(evalOptionsSchema, opts);
      const thresholds = parseThresholds(o.failUnder);
      const config = ctx.config();
      const plan = evalPlanOf(o, config);
      const tracking = await openTracking(config, ctx.out, plan.recording.experiment);
      try {
        if (o.requireTracking && !tracking.online) throw trackingRequired(tracking.trackingUri);
        // Cached (unless --no-cache) and priced; extractive runs make no LLM request.
        const metered =
          plan.pipeline === 'extractive'
            ? null
            : meteredLlmsForRun(config, plan.execution.concurrency, { cache: o.cache });
        const outcome = await evaluatePlan(
          { config, out: ctx.out, tracking },
          plan,
          metered ? { llm: metered.llm } : {},
        );
        const { interrupted, ...evaluated } = outcome;
        // A spooled run is not on the server yet (or only partly): no link to it, and the
        // result says where it is instead.
        const spooled = tracking.spooled;
        const result = spooled ? { ...evaluated, spooled, spool: tracking.spoolDir } : evaluated;
        ctx.out.human(
          [
            '',
            `examples ${result.counts.examples}, errors ${result.counts.errors}, abstained ${result.counts.abstained}`,
            spooled || !result.runId
              ? `run recorded in the spool (${tracking.spoolDir}), not in MLflow yet; replay it with \`npx eval-runner mlflow sync\``
              : `run: ${runUrl(tracking.trackingUri, tracking.experimentId, result.runId)}`,
            ...(metered?.unpricedReason ? [`cost_usd not logged: ${metered.unpricedReason}`] : []),
          ].join('\n'),
        );
        const checks = checkThresholds(thresholds, result.metrics, result.perSplit);
        const failed = checks.filter((c) => !c.ok);
        for (const c of failed)
          ctx.out.human(`FAIL ${c.metric} = ${c.value?.toFixed(4)} < ${c.threshold}`);
        ctx.out.result(result);
        if (interrupted) ctx.setExitCode(130);
        else if (failed.length > 0) ctx.setExitCode(ExitCode.CheckFailed);
        else if (spooled && o.requireTracking) {
          ctx.out.note(trackingRequired(tracking.trackingUri).message);
          ctx.setExitCode(ExitCode.TrackingUnavailable);
        }
      } finally {
        tracking.client.close();
      }
    }),
  );
}
