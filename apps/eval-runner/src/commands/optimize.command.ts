import { resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { createLlmService } from '@cited/dspy-pipeline';
import { CliError } from '../cli/cli-error';
import { withJson, type ActionRunner } from '../cli/command-context';
import { llmForRun, nonNegativeInt, parseOptions, positiveInt } from '../runner/cli-options';
import { assertDatasetExists } from '../runner/dataset-provenance';
import { aggregateColumns, formatMetricsTable } from '../runner/metrics-report';
import { runOptimization } from '../runner/optimize-run';
import {
  defaultProgramFor,
  llmRequired,
  resolveProgram,
  type ResolvedProgram,
} from '../runner/program-source';
import { registerRunProgram } from '../runner/registry-ops';
import { embedderFromConfig, setupRetriever } from '../runner/retriever-setup';
import { openTracking, runUrl } from '../runner/tracking-target';
import { addEvalDataOptions, evalDataOptionsShape } from './eval.command';

/** Options of `optimize`. */
export const optimizeOptionsSchema = z.object({
  optimizer: z
    .enum(['bootstrap', 'gepa'], { error: '--optimizer must be bootstrap or gepa' })
    .default('bootstrap'),
  dataset: z.string({ error: '--dataset <file.jsonl> is required' }).min(1),
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
  ...evalDataOptionsShape,
  json: z.boolean().default(false),
});

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
    .option('--register <model-name>', 'register the best program as a new version of this model');
  addEvalDataOptions(cmd).action(
    run(async (ctx, { opts }) => {
      const o = parseOptions(optimizeOptionsSchema, opts);
      assertDatasetExists(o.dataset);
      const config = ctx.config();
      const llm = llmForRun(config, o.concurrency);
      if (llm === null || config.llm === null) throw llmRequired('dspy');
      const teacher = config.llm.teacherModel
        ? createLlmService({ ...config.llm, model: config.llm.teacherModel })
        : undefined;
      const seed = o.seed ?? config.llm.seed ?? 0;
      const tracking = await openTracking(config, ctx.out, o.experiment);
      try {
        const start: ResolvedProgram = o.program
          ? await resolveProgram(o.program, () => tracking.client)
          : { program: defaultProgramFor('dspy', llm, seed), source: 'default' };
        if (start.program.pipeline !== 'dspy')
          throw new CliError(
            'bad_input',
            `--program ${start.source} is a ${start.program.pipeline} program; only dspy programs can be optimized.`,
          );
        const retriever = await setupRetriever({
          ...(o.corpus ? { corpus: o.corpus } : {}),
          indexDir: resolve(o.index ?? config.retrieval.indexDir),
          program: start.program.retriever,
          tenantId: o.tenant,
          embedder: embedderFromConfig(config, llm),
        });
        const outcome = await runOptimization({
          optimizer: o.optimizer,
          start,
          retriever,
          llm,
          ...(teacher ? { teacher } : {}),
          datasetFile: o.dataset,
          trainSplit: o.trainSplit,
          devSplit: o.devSplit,
          ...(o.maxTrain !== undefined ? { maxTrain: o.maxTrain } : {}),
          ...(o.maxDev !== undefined ? { maxDev: o.maxDev } : {}),
          seed,
          maxDemos: o.maxDemos,
          trials: o.trials,
          concurrency: o.concurrency,
          maxConsecutiveErrors: o.maxConsecutiveErrors,
          tenantId: o.tenant,
          ...(o.runName ? { runName: o.runName } : {}),
          scrubDataset: o.scrubDataset,
          tracking,
          out: ctx.out,
          ...(config.pii.hmacKey ? { pseudonymKey: config.pii.hmacKey } : {}),
          progressStream: ctx.out.progressStream,
        });
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
              outcome.loggedModelId ? { modelId: outcome.loggedModelId } : {},
            );
            registered = { model: v.name, version: v.version };
          }
        }
        ctx.out.human(
          [
            '',
            `optimizer ${o.optimizer}: dev token_f1 ${outcome.baselineScore.toFixed(3)} (start) → ${outcome.bestScore.toFixed(3)} (best of ${outcome.trials.length} trials)`,
            formatMetricsTable(aggregateColumns(outcome.aggregate)),
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
