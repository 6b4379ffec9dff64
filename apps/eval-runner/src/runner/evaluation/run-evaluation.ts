import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LlmService, PipelineKind } from '@cited/dspy-pipeline';
import type { ActiveRun } from '@cited/mlflow-client';
import {
  assertDatasetExists,
  buildDatasetManifest,
  logDatasetProvenance,
} from '../tracking/dataset-provenance';
import { readGitInfo } from '../tracking/git-info';
import { sourceTags, timestampedRunName, withTrackedRun } from '../tracking/tracked-run';
import { selectRows } from './dataset-rows';
import { programModelOfRun } from './program-model-of-run';
import { evaluateIntoRun, logScrubCounts, type LoggedEvaluation } from './evaluate-into-run';
import type { EvaluationPlan } from './evaluation-plan';
import { interruptSignal } from './interrupt-signal';
import { aggregateColumns, formatMetricsTable, type EvalAggregate } from './metrics-report';
import { holdOutGold } from './hold-out-gold';
import { pipelineFactory, setUpPipeline, type PipelineSetup } from './pipeline-setup';
import { runScrubber, type RunContext } from './run-context';

/** What `eval --json` prints (and what other commands get back from an evaluation). */
export interface EvalOutcome {
  runId: string | null;
  experimentId: string | null;
  pipeline: PipelineKind;
  program: { name: string; id: string; version: string | null };
  metrics: Record<string, number>;
  perSplit: Record<string, Record<string, number>>;
  counts: { examples: number; errors: number; abstained: number };
  artifacts: string[];
}

/**
 * Runs one evaluation as an MLflow run: params, dataset provenance (log-inputs, manifest,
 * scrubbed snapshot/sample), metrics overall and per split, and scrubbed artifacts (program,
 * prompts, predictions, error bundle, summary). Returns what `eval --json` prints.
 */
export async function runEvaluation(
  ctx: RunContext,
  plan: EvaluationPlan,
  given: PipelineSetup,
): Promise<EvalOutcome & { aggregate: EvalAggregate; interrupted: boolean }> {
  const selected = await selectRows(plan.dataset);
  const { rows, setup } = plan.dataset.holdOutGold
    ? holdOutGold(selected, given)
    : { rows: selected, setup: given };
  pipelineFactory(setup);
  const workDir = await mkdtemp(join(tmpdir(), 'cited-eval-'));
  const interrupt = interruptSignal(ctx.out);
  const scrubber = runScrubber(ctx, plan.recording);
  const program = setup.resolved.program;
  const programInfo = {
    name: program.name,
    id: program.id,
    version: setup.resolved.modelVersion?.version ?? null,
  };
  const artifacts: string[] = [];
  let runId: string | undefined;
  let logged: LoggedEvaluation | undefined;
  try {
    const built = await buildDatasetManifest(plan.dataset.file, workDir);
    const digest = built.manifest.mlflow_dataset.digest;
    const git = readGitInfo();
    const tags: Record<string, string> = {
      'cited.kind': 'eval',
      'cited.pipeline': setup.pipeline,
      'cited.dataset.digest': digest,
      'cited.program.id': program.id,
      ...(plan.dataset.holdOutGold ? { 'cited.eval.hold_out_gold': 'true' } : {}),
      ...sourceTags(git),
      ...plan.recording.tags,
    };
    const runName = plan.recording.runName ?? timestampedRunName(`eval-${setup.pipeline}`);
    await withTrackedRun(ctx.tracking, runName, tags, async (run: ActiveRun) => {
      runId = run.runId;
      // Scrubbing and uploading the dataset is CPU work that overlaps with waiting on the LLM.
      const provenance = logDatasetProvenance(run, built, {
        scrub: plan.recording.scrubDataset,
        scrubber,
        workDir,
        context: 'eval',
        trackingUri: ctx.tracking.client.trackingUri,
      });
      provenance.catch(() => undefined);
      try {
        logged = await evaluateIntoRun(run, {
          plan,
          setup,
          rows,
          dataset: { name: built.manifest.mlflow_dataset.name, digest },
          scrubber,
          signal: interrupt.signal,
          progressStream: ctx.out.progressStream,
          logParams: true,
          logScrubCounts: false,
          programModel: () =>
            programModelOfRun(ctx, run, setup.resolved, {
              kind: 'eval',
              datasetDigest: digest,
              promptPrefix: ctx.config.program.modelName,
              scrubber,
            }),
        });
      } finally {
        artifacts.push(...(await provenance).artifacts);
        // Once, now that the dataset's findings are in too.
        logScrubCounts(run, scrubber);
      }
      artifacts.push(...logged.artifacts);
    });
    if (logged?.interrupted && runId !== undefined) {
      await ctx.tracking.client.runs
        .update(runId, { status: 'KILLED', endTime: Date.now() })
        .catch(() => undefined);
    }
  } finally {
    interrupt.dispose();
    await rm(workDir, { recursive: true, force: true });
  }
  const agg = (logged as LoggedEvaluation).aggregate;
  if (plan.printTable) ctx.out.human(formatMetricsTable(aggregateColumns(agg)));
  return {
    runId: runId ?? null,
    experimentId: ctx.tracking.experimentId ?? null,
    pipeline: setup.pipeline,
    program: programInfo,
    metrics: agg.metrics,
    perSplit: agg.perSplit,
    counts: agg.counts,
    artifacts,
    aggregate: agg,
    interrupted: (logged as LoggedEvaluation).interrupted,
  };
}

/**
 * Runs a plan end to end: checks the dataset file, resolves program, retriever and LLM, then
 * {@link runEvaluation}. `options.llm` replaces the configured LLM (e.g. a metered one).
 */
export async function evaluatePlan(
  ctx: RunContext,
  plan: EvaluationPlan,
  options: { llm?: LlmService } = {},
): Promise<EvalOutcome & { interrupted: boolean }> {
  assertDatasetExists(plan.dataset.file);
  const setup = await setUpPipeline(ctx, plan, options.llm);
  const { aggregate: _a, ...outcome } = await runEvaluation(ctx, plan, setup);
  return outcome;
}
