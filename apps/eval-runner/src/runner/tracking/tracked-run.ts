import { withRun, type ActiveRun } from '@cited/mlflow-client';
import type { GitInfo } from './git-info';
import type { TrackingTarget } from './tracking-target';

/** Tags every eval-runner run carries so MLflow shows where it came from. */
export function sourceTags(git: GitInfo): Record<string, string> {
  return {
    ...(git.commit ? { 'mlflow.source.git.commit': git.commit } : {}),
    'mlflow.source.name': 'eval-runner',
    'mlflow.source.type': 'LOCAL',
  };
}

/** `<prefix>-<ISO time>` with `:` and `.` made safe, the default name of a run. */
export function timestampedRunName(prefix: string): string {
  return `${prefix}-${new Date().toISOString().replace(/[:.]/g, '-')}`;
}

/**
 * Runs `fn` inside an MLflow run on the command's tracking target (spooled when the server is
 * away), its name scrubbed first. Signals are left to the command, which ends the run itself
 * on Ctrl-C.
 */
export function withTrackedRun<T>(
  tracking: TrackingTarget,
  runName: string,
  tags: Record<string, string>,
  fn: (run: ActiveRun) => Promise<T>,
): Promise<T> {
  return withRun(
    tracking.client,
    {
      experiment: tracking.experiment,
      runName: tracking.scrubName(runName),
      tags,
      spoolDir: tracking.spoolDir,
      notify: tracking.notify,
      handleSignals: false,
    },
    fn,
  );
}
