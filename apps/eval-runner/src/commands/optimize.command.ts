import type { Command } from 'commander';
import { markRequiredOptions } from '../cli/required-options';
import { z } from 'zod';
import { withJson, type ActionRunner } from './command-context';
import { nonNegativeInt, parseOptions, positiveInt } from '../cli/option-parsers';
import type { RunnerConfig } from '../config/runner-config';
import { aggregateColumns, formatMetricsTable } from '../runner/evaluation/metrics-report';
import { meteredLlmsForRun } from '../runner/llm/metered-llms';
import {
  optimizationPlanSchema,
  optimizerNameSchema,
  type OptimizationPlan,
} from '../runner/optimization/optimization-plan';
import { setUpOptimization } from '../runner/optimization/optimization-setup';
import { runOptimization } from '../runner/optimization/optimize-run';
import { llmRequired } from '../runner/program/default-program';
import { registerRunProgram } from '../runner/registry/registry-ops';
import { assertDatasetExists } from '../runner/tracking/dataset-provenance';
import { openTracking, runUrl } from '../runner/tracking/tracking-target';
import {
  addEvalDataOptions,
  evalDataOptionsShape,
  executionPlanOf,
  recordingOf,
  retrievalSourceOf,
} from './eval/eval-data-options';

/** Options of `optimize`. */
export const optimizeOptionsSchema = z.object({
  optimizer: optimizerNameSchema.default('bootstrap'),
  dataset: z.string().min(1),
  trainSplit: z.string().min(1).default('train'),
  devSplit: z.string().min(1).default('dev'),
  maxTrain: positiveInt('--max-train').optional(),
  maxDev: positiveInt('--max-dev').optional(),
  program: z.string().min(1).optional(),
  experiment: z.string().min(1).max(500).optional(),
  runName: z.string().min(1).max(250).optional(),
  seed: nonNegativeInt('--seed').optional(),
  maxDemos: positiveInt('--max-demos').default(4),
  trials: positiveInt('--trials').default(8),
  register: z.string().min(1).max(250).optional(),
  cache: z.boolean().default(true),
  maxLlmCalls: positiveInt('--max-llm-calls').optional(),
  maxCostUsd: z
    .string()
    .regex(/^(?:\d+\.?\d*|\.\d+)$/, '--max-cost-usd must be a number of US dollars, e.g. 2.50')
    .transform(Number)
    .refine((v) => v > 0, '--max-cost-usd must be more than 0')
    .optional(),
  ...evalDataOptionsShape,
  json: z.boolean().default(false),
});

/**
 * The optimization `optimize` runs, from its parsed options: the best program is evaluated on
 * `--dev-split`; the seed is `--seed`, else `CITED_LLM_SEED`, else 0.
 */
export function optimizationPlanOf(
  o: z.output<typeof optimizeOptionsSchema>,
  config: RunnerConfig,
): OptimizationPlan {
  return optimizationPlanSchema.parse({
    optimizer: o.optimizer,
    seed: o.seed ?? config.llm?.seed ?? 0,
    maxDemos: o.maxDemos,
    trials: o.trials,
    train: { split: o.trainSplit, limit: o.maxTrain },
    evaluation: {
      pipeline: 'dspy',
      program: o.program,
      dataset: { file: o.dataset, split: o.devSplit, limit: o.maxDev },
      retrieval: retrievalSourceOf(o, config),
      execution: executionPlanOf(o),
      recording: recordingOf(o),
      printTable: false,
    },
  });
}

/** `optimize`: compile the dspy program with bootstrap or GEPA. */
export function registerOptimizeCommand(program: Command, run: ActionRunner): void {
  const cmd = withJson(program.command('optimize'))
    .description(
      'optimize the dspy program (bootstrap few-shot or GEPA); parent run + one child run per trial; best program as artifact and LoggedModel',
    )
    .option('--optimizer <name>', 'bootstrap | gepa (default: bootstrap)')
    .option('--dataset <file.jsonl>', 'dataset with train and dev splits')
    .option('--train-split <split>', 'split the optimizer learns from (default: train)')
    .option('--dev-split <split>', 'split candidates are scored on (default: dev)')
    .option('--max-train <n>', 'use at most n train rows')
    .option('--max-dev <n>', 'use at most n dev rows')
    .option(
      '--program <source>',
      'starting dspy program (file, models:/…, runs:/…; default: the built-in dspy program)',
    )
    .option('--experiment <name>', 'MLflow experiment (default: MLFLOW_EXPERIMENT_NAME or cited)')
    .option('--run-name <name>', 'MLflow run name of the parent run')
    .option('--seed <n>', 'optimizer seed (default: CITED_LLM_SEED or 0)')
    .option('--max-demos <k>', 'most demos in a candidate (default: 4)')
    .option('--trials <t>', 'candidates evaluated after the starting program (default: 8)')
    .option('--register <model-name>', 'register the best program as a new version of this model')
    .option(
      '--no-cache',
      'send every LLM request (default: replies cached under CITED_LLM_CACHE_DIR, .cited/cache/llm)',
    )
    .option(
      '--max-llm-calls <n>',
      'stop once n requests were sent to the LLM (cache hits are free); the best program so far is kept',
    )
    .option(
      '--max-cost-usd <x>',
      'stop once x US dollars were spent (needs a price for the model in CITED_LLM_PRICES)',
    );
  markRequiredOptions(addEvalDataOptions(cmd), optimizeOptionsSchema).action(
    run(async (ctx, { opts }) => {
      const o = parseOptions(optimizeOptionsSchema, opts);
      assertDatasetExists(o.dataset);
      const config = ctx.config();
      const plan = optimizationPlanOf(o, config);
      const metered = meteredLlmsForRun(config, plan.evaluation.execution.concurrency, {
        cache: o.cache,
        maxLlmCalls: o.maxLlmCalls,
        maxCostUsd: o.maxCostUsd,
      });
      if (metered === null) throw llmRequired('dspy');
      const { llm, teacher } = metered;
      const tracking = await openTracking(config, ctx.out, plan.evaluation.recording.experiment);
      try {
        const runCtx = { config, out: ctx.out, tracking };
        const setup = await setUpOptimization(runCtx, plan, { llm, teacher });
        const outcome = await runOptimization(runCtx, plan, setup, metered);
        let registered: { model: string; version: string } | null = null;
        if (o.register) {
          if (!outcome.runId || tracking.spooled)
            ctx.out.note(
              `not registered: the run is in the spool; after \`npx eval-runner mlflow sync\`, run \`npx eval-runner register --run <run_id> --model ${o.register}\`.`,
            );
          else {
            const v = await registerRunProgram(
              tracking.client,
              outcome.runId,
              o.register,
              config,
              outcome.loggedModelId ? { modelId: outcome.loggedModelId } : {},
            );
            registered = { model: v.name, version: v.version };
          }
        }
        ctx.out.human(
          [
            '',
            `optimizer ${plan.optimizer}: dev token_f1 ${outcome.baselineScore.toFixed(3)} (start) → ${outcome.bestScore.toFixed(3)} (best of ${outcome.trials.length} trials)`,
            ...(outcome.stopReason === 'completed'
              ? []
              : [`stopped early (${outcome.stopReason}): the best program scored so far is kept`]),
            ...(outcome.bootstrap
              ? [
                  `bootstrap: ${outcome.bootstrap.demos} demos from ${outcome.bootstrap.tried} of the training rows`,
                ]
              : []),
            usageLine(outcome.usage, metered.cached, metered.unpricedReason),
            ...(outcome.aggregate ? [formatMetricsTable(aggregateColumns(outcome.aggregate))] : []),
            `best program: ${outcome.program.name} (${outcome.program.id})`,
            outcome.runId
              ? `run: ${runUrl(tracking.trackingUri, tracking.experimentId, outcome.runId)}`
              : 'run recorded in the spool; replay with `npx eval-runner mlflow sync`',
            ...(registered
              ? [
                  `registered ${registered.model} version ${registered.version}; promote with: npx eval-runner promote --model ${registered.model} --version ${registered.version} --gate "token_f1>=current-0.01"`,
                ]
              : []),
          ].join('\n'),
        );
        const { best: _b, aggregate: _a, ...rest } = outcome;
        ctx.out.result({ ...rest, registered });
      } finally {
        tracking.client.close();
      }
    }),
  );
}

/** One line on the run's LLM requests, cache and cost (or why the cost is not known). */
function usageLine(
  usage: Record<string, number>,
  cached: boolean,
  unpricedReason: string | null,
): string {
  const parts = [`LLM calls ${usage['total.llm_calls'] ?? 0}`];
  if (cached)
    parts.push(
      `cache ${usage['total.llm_cache_hits'] ?? 0} hits / ${usage['total.llm_cache_misses'] ?? 0} misses`,
    );
  else parts.push('cache off');
  if (usage['total.cost_usd'] !== undefined)
    parts.push(
      `cost $${usage['total.cost_usd'].toFixed(4)} (saved by the cache $${(usage['total.cost_saved_usd'] ?? 0).toFixed(4)})`,
    );
  else parts.push(`cost_usd not logged: ${unpricedReason ?? 'a model has no price'}`);
  return parts.join(', ');
}
