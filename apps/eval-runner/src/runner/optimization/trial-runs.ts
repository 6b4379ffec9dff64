import { PROGRAM_ARTIFACT_PATH, serializeProgram, type OptimizeTrial } from '@cited/dspy-pipeline';
import type { ActiveRun } from '@cited/mlflow-client';
import { collectPrompts } from '../evaluation/run-params';
import type { ArtifactScrubber } from '../shared/artifact-scrubber';

/**
 * Logs one optimizer trial: its score as the parent's stepped `trial_score`, and a child run
 * with the trial's params, score and program, the program also as the child's LoggedModel
 * (through `programModel`) so each candidate is listed among the experiment's models. Returns
 * the child's run id (null when spooled).
 */
export async function logTrialRun(
  parent: ActiveRun,
  trial: OptimizeTrial,
  options: {
    datasetDigest: string;
    scrubber: ArtifactScrubber;
    /** The trial's own LLM usage metrics (`llm_calls`, `cost_usd`, …). */
    metrics?: Record<string, number>;
    /** Logs the trial's program as a LoggedModel of the child run (a warning when refused). */
    programModel?: (child: ActiveRun, program: OptimizeTrial['program']) => Promise<unknown>;
  },
): Promise<string | null> {
  parent.logMetric('trial_score', trial.score, trial.index);
  return parent.child(
    {
      runName: `trial-${trial.index}-${trial.kind}`,
      tags: {
        'cited.kind': 'optimize-trial',
        'cited.pipeline': 'dspy',
        'cited.dataset.digest': options.datasetDigest,
      },
    },
    async (child) => {
      const p = collectPrompts(trial.program, options.scrubber);
      child.logParams({
        'trial.index': trial.index,
        'trial.kind': trial.kind,
        'program.id': trial.program.id,
        'trial.demos': trial.module.demos.length,
        ...p.hashes,
      });
      child.logMetric('dev_token_f1', trial.score, trial.index);
      for (const [key, value] of Object.entries(options.metrics ?? {}))
        child.logMetric(key, value, trial.index);
      // The program artifact and the LoggedModel are independent requests: sent together.
      await Promise.all([
        child.logArtifactBuffer(serializeProgram(trial.program), PROGRAM_ARTIFACT_PATH),
        options.programModel?.(child, trial.program),
      ]);
      return child.runId ?? null;
    },
  );
}
