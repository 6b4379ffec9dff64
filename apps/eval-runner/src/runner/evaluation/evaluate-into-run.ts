import { PROGRAM_ARTIFACT_PATH, serializeProgram } from '@cited/dspy-pipeline';
import type { DatasetRow } from '@cited/dataset-manifest';
import type { ActiveRun } from '@cited/mlflow-client';
import type { ArtifactScrubber } from '../shared/artifact-scrubber';
import { ProgressBar, type ProgressStream } from '../shared/progress-bar';
import { OutcomeArtifacts, buildSummary } from './eval-artifacts';
import { evaluateDataset } from './evaluate-dataset';
import { exampleTrace } from './example-trace';
import type { EvaluationPlan } from './evaluation-plan';
import { aggregateOutcomes, metricRecords, type EvalAggregate } from './metrics-report';
import { pipelineFactory, type PipelineSetup } from './pipeline-setup';
import { collectPrompts, runParams } from './run-params';

/** Records the scrubber's findings per entity type on the run (metrics `pii_scrub.<type>` and a tag). */
export function logScrubCounts(run: ActiveRun, scrubber: ArtifactScrubber): void {
  const counts = scrubber.counts();
  const now = Date.now();
  run.logMetrics(
    Object.entries(counts).map(([type, n]) => ({
      key: `pii_scrub.${type}`,
      value: n,
      timestamp: now,
    })),
  );
  run.logMetric('pii_scrub.total', scrubber.total, 0, now);
  run.setTag('cited.pii_scrub.counts', JSON.stringify(counts));
}

/** What {@link evaluateIntoRun} evaluates, and with what. */
export interface EvaluateIntoRunInput {
  plan: EvaluationPlan;
  setup: PipelineSetup;
  /** The rows `plan.dataset` selects. */
  rows: readonly DatasetRow[];
  /** The dataset the rows come from, as its manifest names it. */
  dataset: { name: string; digest: string };
  scrubber: ArtifactScrubber;
  /** Ctrl-C: no new rows are started. */
  signal: AbortSignal;
  progressStream: ProgressStream;
  /** Log the evaluation's params; false when the run logs its own (optimize). */
  logParams: boolean;
  /**
   * Log the scrubber's counts at the end; false when the caller scrubs more into the same run
   * afterwards (eval: the dataset) and logs them once itself.
   */
  logScrubCounts: boolean;
  /**
   * The LoggedModel the metrics are linked to, resolved once the evaluation is done (the
   * program logged as a model, or the registered one it came from); null links none.
   */
  programModel?: () => Promise<string | null>;
}

/** What {@link evaluateIntoRun} logged. */
export interface LoggedEvaluation {
  aggregate: EvalAggregate;
  interrupted: boolean;
  artifacts: string[];
  /** The LoggedModel the metrics are linked to, or null. */
  modelId: string | null;
}

/**
 * Evaluates the rows and logs into an open run: params, metrics overall and per split, and the
 * scrubbed artifacts (program, prompts, predictions, error bundle, summary) plus the
 * scrubber's counts. Throws the consecutive-error abort after logging the partial results.
 */
export async function evaluateIntoRun(
  run: ActiveRun,
  input: EvaluateIntoRunInput,
): Promise<LoggedEvaluation> {
  const { plan, setup, rows, scrubber } = input;
  const program = setup.resolved.program;
  const programInfo = {
    name: program.name,
    id: program.id,
    version: setup.resolved.modelVersion?.version ?? null,
  };
  const makePipeline = pipelineFactory(setup);
  const prompts = collectPrompts(program, scrubber);
  const artifacts: string[] = [];
  if (input.logParams)
    run.logParams(
      runParams(setup, {
        prompts,
        concurrency: plan.execution.concurrency,
        extra: {
          'dataset.split': plan.dataset.split ?? 'all',
          'dataset.limit': plan.dataset.limit ?? 'none',
          'dataset.rows': rows.length,
          tenant: plan.retrieval.tenant,
          'scrub.dataset': plan.recording.scrubDataset,
          ...plan.recording.params,
        },
      }),
    );
  const bar = new ProgressBar(input.progressStream, `eval ${setup.pipeline}`, rows.length);
  const outcomeFiles = new OutcomeArtifacts(scrubber);
  let badTraces = 0;
  const traceContext = {
    pipeline: setup.pipeline,
    program: programInfo,
    tenant: plan.retrieval.tenant,
    dataset: input.dataset,
    scrubber,
  };
  const result = await evaluateDataset({
    onOutcome: (outcome, recorder) => {
      outcomeFiles.add(outcome);
      // Built and journaled as each example ends; sent in batches in the background.
      if (!plan.recording.traces) return;
      try {
        run.logTrace(exampleTrace(outcome, recorder, traceContext));
      } catch {
        // A trace the client refuses must not stop the evaluation; the run says how many.
        badTraces++;
      }
    },
    pipelineFor: makePipeline,
    retriever: setup.retriever.retriever,
    rows,
    tenantId: plan.retrieval.tenant,
    topK: setup.retriever.config.k,
    execution: plan.execution,
    signal: input.signal,
    progress: bar,
  });
  bar.finish(result.interrupted ? '(interrupted)' : result.fatal ? '(stopped)' : '');
  if (badTraces > 0) run.setTag('cited.traces.invalid', String(badTraces));
  const agg = aggregateOutcomes(result.outcomes);
  const modelId = input.programModel ? await input.programModel() : null;
  // Linked to the model, MLflow shows them on its page and in search_logged_models; the
  // dataset name is the logged (scrubbed) one.
  const link =
    modelId === null
      ? {}
      : {
          modelId,
          datasetName: scrubber.text(input.dataset.name).slice(0, 500),
          datasetDigest: input.dataset.digest,
        };
  run.logMetrics(metricRecords(agg).map((m) => ({ ...m, ...link })));
  const files = outcomeFiles.files();
  const status = result.fatal ? 'FAILED' : result.interrupted ? 'KILLED' : 'FINISHED';
  const uploads: [string, string][] = [
    [PROGRAM_ARTIFACT_PATH, serializeProgram(program)],
    ['prompts.json', `${JSON.stringify(prompts.document, null, 2)}\n`],
    ['predictions.jsonl', files.predictions],
    ['errors.jsonl', files.errors],
  ];
  for (const [path, data] of uploads) {
    await run.logArtifactBuffer(data, path);
    artifacts.push(path);
  }
  const summary = buildSummary({
    title: `Evaluation: ${setup.pipeline}`,
    runId: run.runId,
    pipeline: setup.pipeline,
    program: programInfo,
    dataset: input.dataset,
    aggregate: agg,
    misclassified: files.errorCount,
    status,
    scrubCounts: scrubber.counts(),
  });
  // summary.md holds no inputs; scrubbed anyway because dataset and program names come from users.
  await run.logArtifactBuffer(scrubber.text(summary), 'summary.md');
  artifacts.push('summary.md');
  if (input.logScrubCounts) logScrubCounts(run, scrubber);
  if (result.fatal) throw result.fatal;
  return { aggregate: agg, interrupted: result.interrupted, artifacts, modelId };
}
