import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  computeProgramId,
  optimize,
  serializeProgram,
  type LlmService,
  type OptimizeTrial,
  type QaProgram,
} from '@cited/dspy-pipeline';
import type { ActiveRun } from '@cited/mlflow-client';
import type { CommandOutput } from '../cli/command-output';
import { ArtifactScrubber } from './artifact-scrubber';
import { buildDatasetManifest, logDatasetProvenance } from './dataset-provenance';
import { evaluateIntoRun, interruptSignal, selectRows } from './eval-run';
import { readGitInfo } from './git-info';
import type { EvalAggregate } from './metrics-report';
import { buildOptimizeExamples, tokenF1Metric } from './optimize-examples';
import { PROGRAM_ARTIFACT_DIR, PROGRAM_FILE, type ResolvedProgram } from './program-source';
import { collectPrompts, runParams } from './run-params';
import type { RetrieverSetup } from './retriever-setup';
import type { TrackingTarget } from './tracking-target';
import { sourceTags, timestampedRunName, withTrackedRun } from './tracked-run';

/** Everything `optimize` needs. */
export interface OptimizeRunOptions {
  optimizer: 'bootstrap' | 'gepa';
  start: ResolvedProgram;
  retriever: RetrieverSetup;
  llm: LlmService;
  teacher?: LlmService;
  datasetFile: string;
  trainSplit: string;
  devSplit: string;
  maxTrain?: number;
  maxDev?: number;
  seed: number;
  maxDemos: number;
  trials: number;
  concurrency: number;
  maxConsecutiveErrors: number;
  tenantId: string;
  runName?: string;
  scrubDataset: boolean;
  tracking: TrackingTarget;
  out: CommandOutput;
  pseudonymKey?: string;
  progressStream: { write(text: string): unknown; isTTY?: boolean };
}

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
  aggregate: EvalAggregate;
}

/**
 * Optimizes the reasoner of a dspy program as one parent MLflow run: optimizer params,
 * dataset provenance (training context), one child run per trial (score + program), the
 * trial scores as a stepped metric, then the best program evaluated on the dev split with
 * the full pipeline (standard metrics, scrubbed artifacts) and logged as a LoggedModel.
 */
export async function runOptimization(o: OptimizeRunOptions): Promise<OptimizeOutcome> {
  const trainRows = await selectRows(o.datasetFile, o.trainSplit, o.maxTrain);
  const devRows = await selectRows(o.datasetFile, o.devSplit, o.maxDev);
  const workDir = await mkdtemp(join(tmpdir(), 'cited-optimize-'));
  const interrupt = interruptSignal(o.out);
  const scrubber = new ArtifactScrubber(o.pseudonymKey ? { pseudonymKey: o.pseudonymKey } : {});
  let runId: string | undefined;
  const trials: OptimizeOutcome['trials'] = [];
  let result: Awaited<ReturnType<typeof optimize>> | undefined;
  let aggregate: EvalAggregate | undefined;
  let loggedModelId: string | null = null;
  let best: QaProgram | undefined;
  try {
    const built = await buildDatasetManifest(o.datasetFile, workDir);
    const digest = built.manifest.mlflow_dataset.digest;
    const startProgram = { ...o.start.program, datasetDigest: digest };
    const start: QaProgram = { ...startProgram, id: computeProgramId(startProgram) };
    const git = readGitInfo();
    const tags: Record<string, string> = {
      'cited.kind': 'optimize',
      'cited.pipeline': 'dspy',
      'cited.optimizer': o.optimizer,
      'cited.dataset.digest': digest,
      ...sourceTags(git),
    };
    const runName = o.runName ?? timestampedRunName(`optimize-${o.optimizer}`);
    await withTrackedRun(o.tracking, runName, tags, async (parent: ActiveRun) => {
      runId = parent.runId;
      const prompts = collectPrompts(start, scrubber);
      parent.logParams({
        ...runParams({
          pipeline: 'dspy',
          resolved: { ...o.start, program: start },
          llm: o.llm,
          retriever: o.retriever,
          prompts,
          concurrency: o.concurrency,
          git,
        }),
        optimizer: o.optimizer,
        'optimizer.seed': String(o.seed),
        'optimizer.max_demos': String(o.maxDemos),
        'optimizer.trials': String(o.trials),
        'optimizer.module': 'reasoner',
        'optimizer.metric': 'token_f1',
        'optimizer.teacher_model': o.teacher?.model ?? o.llm.model,
        'dataset.train_split': o.trainSplit,
        'dataset.dev_split': o.devSplit,
        'dataset.train_rows': String(trainRows.length),
        'dataset.dev_rows': String(devRows.length),
        'scrub.dataset': String(o.scrubDataset),
      });
      await logDatasetProvenance(parent, built, {
        scrub: o.scrubDataset,
        scrubber,
        workDir,
        context: 'training',
      });
      o.out.note(
        `retrieving passages for ${trainRows.length} train and ${devRows.length} dev examples …`,
      );
      const k = { k: o.retriever.config.k, tenantId: o.tenantId };
      const train = await buildOptimizeExamples(trainRows, o.retriever.retriever, k);
      const dev = await buildOptimizeExamples(devRows, o.retriever.retriever, k);
      const gold = new Map([...train.gold, ...dev.gold]);
      o.out.note(
        `optimizing the reasoner with ${o.optimizer} (up to ${o.trials} candidates, seed ${o.seed}) …`,
      );
      const onTrial = async (trial: OptimizeTrial): Promise<void> => {
        parent.logMetric('trial_score', trial.score, trial.index);
        const childId = await parent.child(
          {
            runName: `trial-${trial.index}-${trial.kind}`,
            tags: {
              'cited.kind': 'optimize-trial',
              'cited.pipeline': 'dspy',
              'cited.dataset.digest': digest,
            },
          },
          async (child) => {
            const p = collectPrompts(trial.program, scrubber);
            child.logParams({
              'trial.index': trial.index,
              'trial.kind': trial.kind,
              'program.id': trial.program.id,
              'trial.demos': trial.module.demos.length,
              ...p.hashes,
            });
            child.logMetric('dev_token_f1', trial.score, trial.index);
            await child.logArtifactBuffer(
              serializeProgram(trial.program),
              `${PROGRAM_ARTIFACT_DIR}/${PROGRAM_FILE}`,
            );
            return child.runId ?? null;
          },
        );
        trials.push({
          index: trial.index,
          kind: trial.kind,
          score: trial.score,
          runId: childId,
          programId: trial.program.id,
        });
        o.out.note(
          `  trial ${trial.index} (${trial.kind}): dev token_f1 ${trial.score.toFixed(3)}`,
        );
      };
      result = await optimize({
        program: start,
        module: 'reasoner',
        llm: o.llm,
        ...(o.teacher ? { teacher: o.teacher } : {}),
        trainset: train.examples,
        devset: dev.examples,
        metric: tokenF1Metric(gold),
        optimizer: o.optimizer,
        seed: o.seed,
        maxDemos: o.maxDemos,
        trials: o.trials,
        onTrial,
        metricName: 'token_f1',
      });
      best = result.program;
      parent.logMetrics([
        { key: 'optimizer.baseline_score', value: result.baselineScore },
        { key: 'optimizer.best_score', value: result.bestScore },
        { key: 'optimizer.trials', value: result.trials.length },
      ]);
      o.out.note(
        `evaluating the best program (${best.id}) on ${o.devSplit} with the full dspy pipeline …`,
      );
      const logged = await evaluateIntoRun(
        parent,
        {
          pipeline: 'dspy',
          resolved: { program: best, source: `optimize:${o.optimizer}` },
          retriever: o.retriever,
          llm: o.llm,
          rows: devRows,
          split: o.devSplit,
          concurrency: o.concurrency,
          maxConsecutiveErrors: o.maxConsecutiveErrors,
          tenantId: o.tenantId,
          scrubDataset: o.scrubDataset,
          out: o.out,
          progressStream: o.progressStream,
          datasetName: built.manifest.mlflow_dataset.name,
          datasetDigest: digest,
        },
        scrubber,
        interrupt.signal,
        false,
      );
      aggregate = logged.aggregate;
      parent.setTag('cited.program.id', best.id);
      await parent.flush();
      if (parent.runId && o.tracking.experimentId) {
        try {
          const model = await o.tracking.client.loggedModels.create({
            experimentId: o.tracking.experimentId,
            name: best.name.replace(/[^\w.-]/g, '-').slice(0, 100) || 'cited-dspy',
            sourceRunId: parent.runId,
            modelType: 'cited.qa-program',
            params: { 'program.id': best.id, optimizer: o.optimizer },
            tags: { 'cited.dataset.digest': digest },
          });
          if (model.info.artifactUri)
            await o.tracking.client.artifacts.uploadBuffer(
              { artifactUri: model.info.artifactUri },
              serializeProgram(best),
              PROGRAM_FILE,
            );
          await o.tracking.client.loggedModels.finalize(model.info.modelId, 'READY');
          loggedModelId = model.info.modelId;
          parent.setTag('cited.logged_model_id', model.info.modelId);
        } catch (error) {
          o.out.note(
            `warning: could not log the best program as an MLflow LoggedModel (${error instanceof Error ? error.message : String(error)}); it is still the run artifact ${PROGRAM_ARTIFACT_DIR}/${PROGRAM_FILE}.`,
          );
        }
      }
    });
  } finally {
    interrupt.dispose();
    await rm(workDir, { recursive: true, force: true });
  }
  const r = result as NonNullable<typeof result>;
  const agg = aggregate as EvalAggregate;
  const b = best as QaProgram;
  return {
    runId: runId ?? null,
    experimentId: o.tracking.experimentId ?? null,
    optimizer: o.optimizer,
    program: { name: b.name, id: b.id },
    baselineScore: r.baselineScore,
    bestScore: r.bestScore,
    trials,
    metrics: agg.metrics,
    perSplit: agg.perSplit,
    loggedModelId,
    best: b,
    aggregate: agg,
  };
}
