import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import {
  BUNDLED_CORPUS_DIR,
  BUNDLED_DATASET_FILE,
  resolveBundledAssetsDir,
} from '@cited/dspy-pipeline';
import { withJson, type ActionRunner, type CommandContext } from './command-context';
import { parseOptions, positiveInt } from '../cli/option-parsers';
import { evaluationPlanSchema, type EvaluationPlan } from '../runner/evaluation/evaluation-plan';
import { formatMetricsTable, type MetricValues } from '../runner/evaluation/metrics-report';
import { llmForRun } from '../runner/evaluation/pipeline-setup';
import { evaluatePlan, type EvalOutcome } from '../runner/evaluation/run-evaluation';
import {
  optimizationPlanSchema,
  type OptimizationPlan,
} from '../runner/optimization/optimization-plan';
import { setUpOptimization } from '../runner/optimization/optimization-setup';
import { runOptimization } from '../runner/optimization/optimize-run';
import {
  LAST_KNOWN_GOOD_ALIAS,
  aliasHolder,
  getVersionOrFail,
  registerRunProgram,
} from '../runner/registry/registry-ops';
import { ensureValidated, moveAlias } from '../runner/registry/validated-versions';
import { embedderFromConfig } from '../runner/retrieval/embedder-from-config';
import { ensureManagedServer, type ManagedServerOutcome } from '../runner/tracking/mlflow-session';
import { SYNC_COMMAND, openTracking, runUrl } from '../runner/tracking/tracking-target';
import { ingestCorpus } from './ingest.command';

/** The steps `demo` runs end to end. */
export const DEMO_PLAN = [
  'ingest the bundled rental-property corpus into the embedded index',
  'evaluate the extractive pipeline on the bundled dataset',
  'log the run to MLflow (starting the managed local server when MLFLOW_TRACKING_URI is unset)',
  'register the program as CITED_MODEL_NAME and point the alias production at it',
  'with an LLM configured: evaluate baseline, optimize dspy, compare the three',
  'print the metrics table, the MLflow UI address and how to start the API',
] as const;

/** Options of `demo`. */
export const demoOptionsSchema = z.object({
  index: z.string().min(1).optional(),
  concurrency: positiveInt('--concurrency').default(8),
  trials: positiveInt('--trials').default(4),
  limit: positiveInt('--limit').optional(),
  json: z.boolean().default(false),
});

type DemoOptions = z.output<typeof demoOptionsSchema>;

/** The evaluations and the optimization `demo` runs. */
export interface DemoPlans {
  extractive: EvaluationPlan;
  /** Run only with an LLM configured, like {@link DemoPlans.optimization}. */
  baseline: EvaluationPlan;
  optimization: OptimizationPlan;
}

/**
 * What `demo` runs, from its parsed options, over the index it ingests and the bundled dataset:
 * `--limit` rows per evaluation (at most 24 train rows for the optimizer), bootstrap with 3
 * demos and `--trials` candidates, seeded with `CITED_LLM_SEED` (or 0).
 */
export function demoPlansOf(
  o: DemoOptions,
  where: { indexDir: string; dataset: string },
  seed: number,
): DemoPlans {
  const shared = {
    retrieval: { indexDir: where.indexDir, tenant: 'default' },
    execution: { concurrency: o.concurrency, maxConsecutiveErrors: 10 },
    printTable: false,
  };
  const evaluation = (pipeline: 'extractive' | 'baseline'): EvaluationPlan =>
    evaluationPlanSchema.parse({
      ...shared,
      pipeline,
      dataset: { file: where.dataset, limit: o.limit },
      recording: {
        runName: `demo-${pipeline}`,
        tags: { 'cited.demo': 'true' },
        params: {},
        scrubDataset: true,
        pseudonymize: true,
      },
    });
  return {
    extractive: evaluation('extractive'),
    baseline: evaluation('baseline'),
    optimization: optimizationPlanSchema.parse({
      optimizer: 'bootstrap',
      seed,
      maxDemos: 3,
      trials: o.trials,
      train: { split: 'train', limit: Math.min(24, o.limit ?? 24) },
      evaluation: {
        ...shared,
        pipeline: 'dspy',
        dataset: { file: where.dataset, split: 'dev', limit: o.limit },
        recording: {
          runName: 'demo-optimize-dspy',
          tags: {},
          params: {},
          scrubDataset: true,
          // The demo's optimize run redacts findings: it does not use CITED_PII_HMAC_KEY.
          pseudonymize: false,
        },
      },
    }),
  };
}

async function demo(ctx: CommandContext, o: DemoOptions): Promise<void> {
  const config = ctx.config();
  const out = ctx.out;
  out.human(['Cited demo', ...DEMO_PLAN.map((step, i) => `  ${i + 1}. ${step}`), ''].join('\n'));

  // 1. MLflow: the managed local server when MLFLOW_TRACKING_URI is unset.
  let server: ManagedServerOutcome | null = null;
  if (config.mlflow.managedLocalServer) {
    server = await ensureManagedServer(config.mlflow.trackingUri, (t) => out.note(t));
    if (server.state === 'unavailable')
      out.note(
        `the managed MLflow server could not start (${server.reason}); runs go to the spool.`,
      );
  }
  const tracking = await openTracking(config, out);
  try {
    // 2. Ingest.
    const assets = resolveBundledAssetsDir();
    const indexDir = resolve(o.index ?? config.retrieval.indexDir);
    const ingest = await ingestCorpus(
      {
        corpus: join(assets, BUNDLED_CORPUS_DIR),
        index: indexDir,
        tenant: 'default',
        chunkSize: 800,
        chunkOverlap: 100,
        embedder: embedderFromConfig(config),
      },
      out,
    );
    out.human(`ingested ${ingest.documents} documents → ${ingest.chunks} chunks into ${indexDir}`);
    const dataset = join(assets, BUNDLED_DATASET_FILE);
    const plans = demoPlansOf(o, { indexDir, dataset }, config.llm?.seed ?? 0);
    const runCtx = { config, out, tracking };

    // 3. Extractive evaluation, logged.
    const runs: {
      label: string;
      outcome: Omit<EvalOutcome, 'artifacts'> & { artifacts?: string[] };
    }[] = [];
    const extractive = await evaluatePlan(runCtx, plans.extractive);
    runs.push({ label: 'extractive', outcome: extractive });

    // 4. Register + alias.
    let model: {
      name: string;
      version: string;
      alias: string;
      previous: string | null;
      validated: string;
      lastKnownGood: string | null;
    } | null = null;
    if (extractive.runId && !tracking.spooled) {
      const name = config.program.modelName;
      const alias = config.program.modelAlias;
      // Validated like `register`, moved like `promote` (without gates): last-known-good only
      // ever lands on a validated version.
      const v = await registerRunProgram(tracking.client, extractive.runId, name, config);
      const previous = await aliasHolder(tracking.client, name, alias);
      const previousStatus =
        previous === null
          ? null
          : await ensureValidated(
              tracking.client,
              name,
              await getVersionOrFail(tracking.client, name, previous.version),
              config,
              out,
            );
      const { lastKnownGoodMoved } = await moveAlias(
        tracking.client,
        name,
        alias,
        v.version,
        previousStatus,
      );
      model = {
        name,
        version: v.version,
        alias,
        previous: previous?.version ?? null,
        validated: v.validated,
        lastKnownGood: lastKnownGoodMoved ? (previous?.version ?? null) : null,
      };
    }

    // 5. With an LLM: baseline and optimized dspy, side by side.
    if (config.llm !== null) {
      const baseline = await evaluatePlan(runCtx, plans.baseline);
      runs.push({ label: 'baseline', outcome: baseline });
      const llm = llmForRun(config, plans.optimization.evaluation.execution.concurrency);
      if (llm) {
        const setup = await setUpOptimization(runCtx, plans.optimization, { llm });
        const opt = await runOptimization(runCtx, plans.optimization, setup);
        runs.push({
          label: 'dspy (optimized, dev)',
          outcome: {
            runId: opt.runId,
            experimentId: opt.experimentId,
            pipeline: 'dspy',
            program: { ...opt.program, version: null },
            metrics: opt.metrics,
            perSplit: opt.perSplit,
            counts: opt.aggregate?.counts ?? { examples: 0, errors: 0, abstained: 0 },
          },
        });
      }
    }

    // 6. Report.
    const columns: { label: string; values: MetricValues }[] = runs.map((r) => ({
      label: r.label,
      values: r.outcome.metrics,
    }));
    const ui = runUrl(tracking.trackingUri, tracking.experimentId, undefined);
    const lines = ['', formatMetricsTable(columns), ''];
    for (const r of runs)
      lines.push(
        `${r.label}: ${r.outcome.runId ? runUrl(tracking.trackingUri, tracking.experimentId, r.outcome.runId) : 'spooled'}`,
      );
    if (model)
      lines.push(
        `registered ${model.name} version ${model.version} (validated: ${model.validated}); alias ${model.alias} → version ${model.version}${model.previous && model.previous !== model.version ? ` (was ${model.previous}${model.lastKnownGood === model.previous ? `, now ${LAST_KNOWN_GOOD_ALIAS}` : `, not validated: not made ${LAST_KNOWN_GOOD_ALIAS}`})` : ''}`,
      );
    else
      lines.push(
        `not registered: MLflow was unreachable, the runs are in the spool (${tracking.spoolDir}). Start MLflow (npm run mlflow:up), then replay with \`${SYNC_COMMAND}\` and register with \`npx eval-runner register --run <run_id> --model ${config.program.modelName}\`.`,
      );
    lines.push('', `MLflow UI: ${ui}`);
    if (server?.state === 'running')
      lines.push('The local MLflow server keeps running; stop it with: npm run mlflow:down');
    lines.push('Start the API (serves the production alias): node dist/apps/api/main.js');
    out.human(lines.join('\n'));
    out.result({
      ok: true,
      plan: DEMO_PLAN,
      mlflow: {
        trackingUri: tracking.trackingUri,
        managed: config.mlflow.managedLocalServer,
        started: server?.state === 'running' ? server.started : false,
        online: tracking.online,
        spooled: tracking.spooled,
        ui,
      },
      ingest: { documents: ingest.documents, chunks: ingest.chunks, index: indexDir },
      runs: runs.map((r) => ({
        label: r.label,
        runId: r.outcome.runId,
        pipeline: r.outcome.pipeline,
        program: r.outcome.program,
        metrics: r.outcome.metrics,
        counts: r.outcome.counts,
      })),
      model,
      llm: config.llm ? { provider: config.llm.provider, model: config.llm.model } : null,
      next: {
        stopMlflow: server?.state === 'running' ? 'npm run mlflow:down' : null,
        startApi: 'node dist/apps/api/main.js',
        sync: tracking.spooled ? SYNC_COMMAND : null,
      },
    });
  } finally {
    tracking.client.close();
  }
}

/** `demo`: the README's main job. */
export function registerDemoCommand(program: Command, run: ActionRunner): void {
  withJson(program.command('demo'))
    .description(
      'ingest the bundled corpus, evaluate, log to MLflow and promote: the whole loop with no configuration',
    )
    .option('--index <dir>', 'index directory (default: CITED_INDEX_DIR, .cited/index)')
    .option('--concurrency <n>', 'examples evaluated in parallel (default: 8)')
    .option('--trials <t>', 'optimizer trials when an LLM is configured (default: 4)')
    .option('--limit <n>', 'evaluate only the first n rows of the bundled dataset (a quick try)')
    .action(run(async (ctx, { opts }) => demo(ctx, parseOptions(demoOptionsSchema, opts))));
}
