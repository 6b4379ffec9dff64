import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  LlmUsageLedger,
  PROGRAM_ARTIFACT_PATH,
  serializeProgram,
  computeProgramId,
  optimize,
  withUsageLedger,
  type OptimizeTrial,
  type QaProgram,
} from '@cited/dspy-pipeline';
import type { ActiveRun } from '@cited/mlflow-client';
import { selectRows } from '../evaluation/dataset-rows';
import { evaluateIntoRun } from '../evaluation/evaluate-into-run';
import { interruptSignal } from '../evaluation/interrupt-signal';
import { programModelOfRun } from '../evaluation/program-model-of-run';
import type { EvalAggregate } from '../evaluation/metrics-report';
import { runScrubber, type RunContext } from '../evaluation/run-context';
import { collectPrompts, runParams } from '../evaluation/run-params';
import { buildDatasetManifest, logDatasetProvenance } from '../tracking/dataset-provenance';
import { readGitInfo } from '../tracking/git-info';
import { sourceTags, timestampedRunName, withTrackedRun } from '../tracking/tracked-run';
import { usageMetrics, type MeteredLlms } from '../llm/metered-llms';
import { buildOptimizeExamples, tokenF1Metric } from './optimize-examples';
import type { OptimizationPlan } from './optimization-plan';
import type { OptimizationSetup } from './optimization-setup';
import { inBackground, type BackgroundWork } from './background-work';
import { optimizerParams } from './optimizer-params';
import { logTrialRun } from './trial-runs';

/** What `optimize` reports. */
export interface OptimizeOutcome {
  runId: string | null;
  experimentId: string | null;
  optimizer: string;
  program: { name: string; id: string };
  baselineScore: number;
  bestScore: number;
  trials: { index: number; kind: string; score: number; runId: string | null; programId: string }[];
  metrics: Record<string, number>;
  perSplit: Record<string, Record<string, number>>;
  loggedModelId: string | null;
  best: QaProgram;
  /** The best program's evaluation; null when a budget stopped the optimization first. */
  aggregate: EvalAggregate | null;
  /** `completed`, `max_llm_calls` or `max_cost_usd` (also the run's `cited.stop_reason` tag). */
  stopReason: string;
  /** Bootstrap only: demos found and training rows they were taken from. */
  bootstrap: { tried: number; answered: number; demos: number } | null;
  /** The run's LLM usage metrics (`search.*` and `total.*`, as logged on the parent run). */
  usage: Record<string, number>;
}

/**
 * Optimizes the reasoner of a dspy program as one parent MLflow run: optimizer params,
 * dataset provenance (training context), one child run per trial (score + program), the
 * trial scores as a stepped metric, then the best program evaluated on the dev split with
 * the full pipeline (standard metrics, scrubbed artifacts) and logged as a LoggedModel.
 */
export async function runOptimization(
  ctx: RunContext,
  plan: OptimizationPlan,
  setup: OptimizationSetup,
  metered?: MeteredLlms,
): Promise<OptimizeOutcome> {
  const evaluation = plan.evaluation;
  const { dataset, execution, recording } = evaluation;
  const trainRows = await selectRows({ file: dataset.file, ...plan.train });
  const devRows = await selectRows(dataset);
  const workDir = await mkdtemp(join(tmpdir(), 'cited-optimize-'));
  const interrupt = interruptSignal(ctx.out);
  const scrubber = runScrubber(ctx, recording);
  let runId: string | undefined;
  const trials: OptimizeOutcome['trials'] = [];
  let result: Awaited<ReturnType<typeof optimize>> | undefined;
  let aggregate: EvalAggregate | undefined;
  let loggedModelId: string | null = null;
  let best: QaProgram | undefined;
  let usage: Record<string, number> = {};
  let searchUsage: Record<string, number> = {};
  const trialLedgers = new Map<number, LlmUsageLedger>();
  const cached = metered?.cached ?? false;
  try {
    const built = await buildDatasetManifest(dataset.file, workDir);
    const digest = built.manifest.mlflow_dataset.digest;
    const startProgram = { ...setup.resolved.program, datasetDigest: digest };
    const start: QaProgram = { ...startProgram, id: computeProgramId(startProgram) };
    const git = readGitInfo();
    const tags: Record<string, string> = {
      'cited.kind': 'optimize',
      'cited.pipeline': 'dspy',
      'cited.optimizer': plan.optimizer,
      'cited.dataset.digest': digest,
      ...sourceTags(git),
      ...recording.tags,
    };
    const runName = recording.runName ?? timestampedRunName(`optimize-${plan.optimizer}`);
    await withTrackedRun(ctx.tracking, runName, tags, async (parent: ActiveRun) => {
      runId = parent.runId;
      // MLflow work started in the background; all of it settles before the run ends.
      const background: BackgroundWork[] = [];
      try {
        const prompts = collectPrompts(start, scrubber);
        parent.logParams({
          ...runParams(
            { ...setup, resolved: { ...setup.resolved, program: start } },
            { prompts, concurrency: execution.concurrency, git },
          ),
          ...optimizerParams(
            plan,
            { train: trainRows, dev: devRows },
            setup.teacher?.model ?? setup.llm.model,
          ),
        });
        // The dataset snapshot is uploaded while passages are retrieved and the candidates are
        // scored; like the trial runs, it is awaited before the run's totals are logged.
        background.push(
          inBackground(
            logDatasetProvenance(parent, built, {
              scrub: recording.scrubDataset,
              scrubber,
              workDir,
              context: 'training',
              trackingUri: ctx.tracking.client.trackingUri,
            }),
          ),
        );
        ctx.out.note(
          `retrieving passages for ${trainRows.length} train and ${devRows.length} dev examples …`,
        );
        const k = { k: setup.retriever.config.k, tenantId: evaluation.retrieval.tenant };
        const train = await buildOptimizeExamples(trainRows, setup.retriever.retriever, k);
        const dev = await buildOptimizeExamples(devRows, setup.retriever.retriever, k);
        const gold = new Map([...train.gold, ...dev.gold]);
        ctx.out.note(
          `optimizing the reasoner with ${plan.optimizer} (up to ${plan.trials} candidates, seed ${plan.seed}) …`,
        );
        // A trial's child run is logged in the background: the optimizer goes on scoring (and
        // the best program's evaluation starts) while MLflow stores it. Entries keep trial order.
        const onTrial = (trial: OptimizeTrial): Promise<void> => {
          const ledger = trialLedgers.get(trial.index);
          const entry: OptimizeOutcome['trials'][number] = {
            index: trial.index,
            kind: trial.kind,
            score: trial.score,
            runId: null,
            programId: trial.program.id,
          };
          trials.push(entry);
          ctx.out.note(
            `  trial ${trial.index} (${trial.kind}): dev token_f1 ${trial.score.toFixed(3)}`,
          );
          const logged = logTrialRun(parent, trial, {
            datasetDigest: digest,
            scrubber,
            ...(ledger ? { metrics: usageMetrics(ledger.totals, { cached }) } : {}),
            // No prompts for candidates: only programs that can be served (the best one,
            // evaluated or registered programs) get prompt versions.
            programModel: (child, program) =>
              programModelOfRun(
                ctx,
                child,
                { program },
                { kind: 'optimize-trial', datasetDigest: digest, scrubber },
              ),
          }).then((childId) => {
            entry.runId = childId;
          });
          background.push(inBackground(logged));
          return Promise.resolve();
        };
        result = await optimize({
          program: start,
          module: 'reasoner',
          llm: setup.llm,
          ...(setup.teacher ? { teacher: setup.teacher } : {}),
          trainset: train.examples,
          devset: dev.examples,
          metric: tokenF1Metric(gold),
          optimizer: plan.optimizer,
          seed: plan.seed,
          maxDemos: plan.maxDemos,
          trials: plan.trials,
          onTrial,
          metricName: 'token_f1',
          concurrency: execution.concurrency,
          ...(metered ? { shouldStop: () => metered.budget.stopReason() } : {}),
          withinTrial: (index, work) => {
            const ledger = new LlmUsageLedger();
            trialLedgers.set(index, ledger);
            return withUsageLedger(ledger, work);
          },
        });
        best = result.program;
        searchUsage = metered ? usageMetrics(metered.totals(), { cached, prefix: 'search.' }) : {};
        parent.setTag('cited.stop_reason', result.stopReason);
        parent.logMetrics([
          { key: 'optimizer.baseline_score', value: result.baselineScore },
          { key: 'optimizer.best_score', value: result.bestScore },
          { key: 'optimizer.trials', value: result.trials.length },
          ...(result.bootstrap
            ? [
                { key: 'optimizer.bootstrap_tried', value: result.bootstrap.tried },
                { key: 'optimizer.bootstrap_demos', value: result.bootstrap.demos },
              ]
            : []),
          ...Object.entries(searchUsage).map(([key, value]) => ({ key, value })),
        ]);
        // The best program's LoggedModel and prompt versions (never rejects: a refusal is a
        // warning and links no model).
        const chosen = best;
        const logBestModel = () =>
          programModelOfRun(
            ctx,
            parent,
            { program: chosen },
            {
              kind: 'optimize',
              datasetDigest: digest,
              promptPrefix: ctx.config.program.modelName,
              scrubber,
            },
          );
        if (result.stopReason !== 'completed') {
          // The budget is spent: the best program so far is logged without a full evaluation.
          ctx.out.note(
            `stopped (${result.stopReason}) after ${result.trials.length} trials; the best program so far is kept, not evaluated with the full pipeline.`,
          );
          await parent.logArtifactBuffer(serializeProgram(best), PROGRAM_ARTIFACT_PATH);
          parent.setTag('cited.program.id', best.id);
          // Trial runs and the dataset snapshot, logged meanwhile: their errors are the run's.
          for (const b of background) await b.done;
          usage = logTotals(parent, metered, cached);
          await parent.flush();
          loggedModelId = await logBestModel();
          return;
        }
        ctx.out.note(
          `evaluating the best program (${best.id}) on ${dataset.split} with the full dspy pipeline …`,
        );
        // The best program is known: its LoggedModel and prompt versions are logged while it is
        // evaluated (a dozen requests one after the other), not after.
        const bestModel = logBestModel();
        // Settled before the run ends, even when the evaluation throws.
        background.push(inBackground(bestModel));
        const logged = await evaluateIntoRun(parent, {
          plan: evaluation,
          setup: { ...setup, resolved: { program: best, source: `optimize:${plan.optimizer}` } },
          rows: devRows,
          dataset: { name: built.manifest.mlflow_dataset.name, digest },
          scrubber,
          signal: interrupt.signal,
          progressStream: ctx.out.progressStream,
          logParams: false,
          logScrubCounts: true,
          programModel: () => bestModel,
        });
        aggregate = logged.aggregate;
        parent.setTag('cited.program.id', best.id);
        loggedModelId = logged.modelId;
        // Trial runs and the dataset snapshot, logged meanwhile: their errors are the run's.
        for (const b of background) await b.done;
        usage = logTotals(parent, metered, cached);
        await parent.flush();
      } finally {
        await Promise.all(background.map((b) => b.settled));
      }
    });
  } finally {
    interrupt.dispose();
    await rm(workDir, { recursive: true, force: true });
  }
  const r = result as NonNullable<typeof result>;
  const agg = aggregate ?? null;
  const b = best as QaProgram;
  return {
    runId: runId ?? null,
    experimentId: ctx.tracking.experimentId ?? null,
    optimizer: plan.optimizer,
    program: { name: b.name, id: b.id },
    baselineScore: r.baselineScore,
    bestScore: r.bestScore,
    trials,
    metrics: agg?.metrics ?? {},
    perSplit: agg?.perSplit ?? {},
    loggedModelId,
    best: b,
    aggregate: agg,
    stopReason: r.stopReason,
    bootstrap: r.bootstrap ?? null,
    usage: { ...searchUsage, ...usage },
  };
}

/** Logs the whole command's LLM usage (`total.*`) on the parent run and returns it. */
function logTotals(
  parent: ActiveRun,
  metered: MeteredLlms | undefined,
  cached: boolean,
): Record<string, number> {
  if (!metered) return {};
  const usage = usageMetrics(metered.totals(), { cached, prefix: 'total.' });
  parent.logMetrics(Object.entries(usage).map(([key, value]) => ({ key, value })));
  return usage;
}
