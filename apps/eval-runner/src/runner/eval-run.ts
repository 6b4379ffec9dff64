import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ExtractivePipeline,
  createBaselinePipeline,
  createDspyPipeline,
  readQaDataset,
  serializeProgram,
  type LlmService,
  type PipelineKind,
  type QaPipeline,
  type TraceSinks,
} from '@cited/dspy-pipeline';
import type { DatasetRow } from '@cited/dataset-manifest';
import type { ActiveRun } from '@cited/mlflow-client';
import { CliError } from '../cli/cli-error';
import type { CommandOutput } from '../cli/command-output';
import { ArtifactScrubber } from './artifact-scrubber';
import { buildDatasetManifest, logDatasetProvenance } from './dataset-provenance';
import { OutcomeArtifacts, buildSummary } from './eval-artifacts';
import { evaluateDataset } from './evaluate-dataset';
import { readGitInfo } from './git-info';
import {
  aggregateColumns,
  aggregateOutcomes,
  formatMetricsTable,
  metricRecords,
  type EvalAggregate,
} from './metrics-report';
import {
  PROGRAM_ARTIFACT_DIR,
  PROGRAM_FILE,
  llmRequired,
  type ResolvedProgram,
} from './program-source';
import { ProgressBar } from './progress-bar';
import { collectPrompts, runParams } from './run-params';
import type { RetrieverSetup } from './retriever-setup';
import type { TrackingTarget } from './tracking-target';
import { sourceTags, timestampedRunName, withTrackedRun } from './tracked-run';

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

/** Everything an evaluation needs. */
export interface EvalRunOptions {
  pipeline: PipelineKind;
  resolved: ResolvedProgram;
  retriever: RetrieverSetup;
  llm: LlmService | null;
  datasetFile: string;
  split?: string;
  limit?: number;
  concurrency: number;
  maxConsecutiveErrors: number;
  tenantId: string;
  runName?: string;
  scrubDataset: boolean;
  tracking: TrackingTarget;
  out: CommandOutput;
  pseudonymKey?: string;
  /** Extra tags (e.g. `cited.promote.candidate`). */
  tags?: Record<string, string>;
  /** Extra params. */
  params?: Record<string, string | number | boolean>;
  /** Print the metrics table (default true). */
  printTable?: boolean;
  /** Stream the progress bar draws on (stderr). */
  progressStream: { write(text: string): unknown; isTTY?: boolean };
}

/** Builds the per-row pipeline factory for a kind. */
export function pipelineFactory(
  kind: PipelineKind,
  resolved: ResolvedProgram,
  retriever: RetrieverSetup,
  llm: LlmService | null,
): (sinks: TraceSinks) => QaPipeline {
  if (resolved.program.pipeline !== kind)
    throw new CliError(
      'bad_input',
      `program ${resolved.source} is a ${resolved.program.pipeline} program, but --pipeline is ${kind}. Pass --pipeline ${resolved.program.pipeline} or another program.`,
    );
  if (kind === 'extractive') {
    const p = new ExtractivePipeline({ retriever: retriever.retriever });
    return () => p;
  }
  if (llm === null) throw llmRequired(kind);
  if (kind === 'baseline')
    return (sinks) => createBaselinePipeline({ retriever: retriever.retriever, llm, sinks });
  return (sinks) =>
    createDspyPipeline({ retriever: retriever.retriever, llm, program: resolved.program, sinks });
}

/** Reads the dataset rows an evaluation runs on (`--split`, `--limit`). */
export async function selectRows(
  file: string,
  split: string | undefined,
  limit: number | undefined,
): Promise<DatasetRow[]> {
  let rows = await readQaDataset(file);
  if (split) {
    const splits = new Set(
      split
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );
    rows = rows.filter((r) => splits.has(r.split));
    if (rows.length === 0)
      throw new CliError('bad_input', `no rows of split ${[...splits].join(', ')} in ${file}.`);
  }
  if (limit !== undefined) rows = rows.slice(0, limit);
  if (rows.length === 0) throw new CliError('bad_input', `${file} has no rows to evaluate.`);
  return rows;
}

/** Ctrl-C stops scheduling new rows; the rows in flight finish and the run ends KILLED. */
export function interruptSignal(out: CommandOutput): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) return;
    out.note(
      '\ninterrupted: finishing the examples in flight, then logging partial results (the run ends KILLED) …',
    );
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
    },
  };
}

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

/** What {@link evaluateIntoRun} logged. */
export interface LoggedEvaluation {
  aggregate: EvalAggregate;
  interrupted: boolean;
  artifacts: string[];
}

/**
 * Evaluates `rows` and logs into an open run: params, metrics overall and per split, and the
 * scrubbed artifacts (program, prompts, predictions, error bundle, summary) plus the
 * scrubber's counts. Throws the consecutive-error abort after logging the partial results.
 */
export async function evaluateIntoRun(
  run: ActiveRun,
  o: Omit<EvalRunOptions, 'tracking' | 'datasetFile'> & {
    rows: readonly DatasetRow[];
    datasetName: string;
    datasetDigest: string;
  },
  scrubber: ArtifactScrubber,
  signal: AbortSignal,
  logParams = true,
): Promise<LoggedEvaluation> {
  const program = o.resolved.program;
  const programInfo = {
    name: program.name,
    id: program.id,
    version: o.resolved.modelVersion?.version ?? null,
  };
  const makePipeline = pipelineFactory(o.pipeline, o.resolved, o.retriever, o.llm);
  const prompts = collectPrompts(program, scrubber);
  const artifacts: string[] = [];
  if (logParams)
    run.logParams(
      runParams({
        pipeline: o.pipeline,
        resolved: o.resolved,
        llm: o.llm,
        retriever: o.retriever,
        prompts,
        concurrency: o.concurrency,
        extra: {
          'dataset.split': o.split ?? 'all',
          'dataset.limit': o.limit ?? 'none',
          'dataset.rows': o.rows.length,
          tenant: o.tenantId,
          'scrub.dataset': o.scrubDataset,
          ...o.params,
        },
      }),
    );
  const bar = new ProgressBar(o.progressStream, `eval ${o.pipeline}`, o.rows.length);
  const outcomeFiles = new OutcomeArtifacts(scrubber);
  const result = await evaluateDataset({
    onOutcome: (outcome) => outcomeFiles.add(outcome),
    pipelineFor: makePipeline,
    retriever: o.retriever.retriever,
    rows: o.rows,
    tenantId: o.tenantId,
    topK: o.retriever.config.k,
    concurrency: o.concurrency,
    maxConsecutiveErrors: o.maxConsecutiveErrors,
    signal,
    progress: bar,
  });
  bar.finish(result.interrupted ? '(interrupted)' : result.fatal ? '(stopped)' : '');
  const agg = aggregateOutcomes(result.outcomes);
  run.logMetrics(metricRecords(agg));
  const files = outcomeFiles.files();
  const status = result.fatal ? 'FAILED' : result.interrupted ? 'KILLED' : 'FINISHED';
  const uploads: [string, string][] = [
    [`${PROGRAM_ARTIFACT_DIR}/${PROGRAM_FILE}`, serializeProgram(program)],
    ['prompts.json', `${JSON.stringify(prompts.document, null, 2)}\n`],
    ['predictions.jsonl', files.predictions],
    ['errors.jsonl', files.errors],
  ];
  for (const [path, data] of uploads) {
    await run.logArtifactBuffer(data, path);
    artifacts.push(path);
  }
  const summary = buildSummary({
    title: `Evaluation: ${o.pipeline}`,
    runId: run.runId,
    pipeline: o.pipeline,
    program: programInfo,
    dataset: { name: o.datasetName, digest: o.datasetDigest },
    aggregate: agg,
    misclassified: files.errorCount,
    status,
    scrubCounts: scrubber.counts(),
  });
  // summary.md holds no inputs; scrubbed anyway because dataset and program names come from users.
  await run.logArtifactBuffer(scrubber.text(summary), 'summary.md');
  artifacts.push('summary.md');
  logScrubCounts(run, scrubber);
  if (result.fatal) throw result.fatal;
  return { aggregate: agg, interrupted: result.interrupted, artifacts };
}

/**
 * Runs one evaluation as an MLflow run: params, dataset provenance (log-inputs, manifest,
 * scrubbed snapshot/sample), metrics overall and per split, and scrubbed artifacts (program,
 * prompts, predictions, error bundle, summary). Returns what `eval --json` prints.
 */
export async function runEvaluation(
  o: EvalRunOptions,
): Promise<EvalOutcome & { aggregate: EvalAggregate; interrupted: boolean }> {
  const rows = await selectRows(o.datasetFile, o.split, o.limit);
  pipelineFactory(o.pipeline, o.resolved, o.retriever, o.llm);
  const workDir = await mkdtemp(join(tmpdir(), 'cited-eval-'));
  const interrupt = interruptSignal(o.out);
  const scrubber = new ArtifactScrubber(o.pseudonymKey ? { pseudonymKey: o.pseudonymKey } : {});
  const program = o.resolved.program;
  const programInfo = {
    name: program.name,
    id: program.id,
    version: o.resolved.modelVersion?.version ?? null,
  };
  const artifacts: string[] = [];
  let runId: string | undefined;
  let logged: LoggedEvaluation | undefined;
  try {
    const built = await buildDatasetManifest(o.datasetFile, workDir);
    const digest = built.manifest.mlflow_dataset.digest;
    const git = readGitInfo();
    const tags: Record<string, string> = {
      'cited.kind': 'eval',
      'cited.pipeline': o.pipeline,
      'cited.dataset.digest': digest,
      'cited.program.id': program.id,
      ...sourceTags(git),
      ...o.tags,
    };
    const runName = o.runName ?? timestampedRunName(`eval-${o.pipeline}`);
    await withTrackedRun(o.tracking, runName, tags, async (run: ActiveRun) => {
      runId = run.runId;
      // Scrubbing and uploading the dataset is CPU work that overlaps with waiting on the LLM.
      const provenance = logDatasetProvenance(run, built, {
        scrub: o.scrubDataset,
        scrubber,
        workDir,
        context: 'eval',
      });
      provenance.catch(() => undefined);
      try {
        logged = await evaluateIntoRun(
          run,
          { ...o, rows, datasetName: built.manifest.mlflow_dataset.name, datasetDigest: digest },
          scrubber,
          interrupt.signal,
        );
      } finally {
        artifacts.push(...(await provenance).artifacts);
        // Again, now that the dataset's findings are in (flushed first: one tag key per batch).
        await run.flush();
        logScrubCounts(run, scrubber);
      }
      artifacts.push(...logged.artifacts);
    });
    if (logged?.interrupted && runId !== undefined) {
      await o.tracking.client.runs
        .update(runId, { status: 'KILLED', endTime: Date.now() })
        .catch(() => undefined);
    }
  } finally {
    interrupt.dispose();
    await rm(workDir, { recursive: true, force: true });
  }
  const agg = (logged as LoggedEvaluation).aggregate;
  if (o.printTable !== false) o.out.human(formatMetricsTable(aggregateColumns(agg)));
  return {
    runId: runId ?? null,
    experimentId: o.tracking.experimentId ?? null,
    pipeline: o.pipeline,
    program: programInfo,
    metrics: agg.metrics,
    perSplit: agg.perSplit,
    counts: agg.counts,
    artifacts,
    aggregate: agg,
    interrupted: (logged as LoggedEvaluation).interrupted,
  };
}
