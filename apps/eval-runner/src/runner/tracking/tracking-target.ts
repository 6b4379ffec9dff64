import { resolve } from 'node:path';
import { DEFAULT_SPOOL_DIR, MlflowClient } from '@cited/mlflow-client';
import { createLogScrubber } from '@cited/pii-scrub';
import type { CommandOutput } from '../../cli/command-output';
import type { RunnerConfig } from '../../config/runner-config';
import { isMlflowHealthy } from './mlflow-session';

/** Where a command's runs go: the server, or the spool when the server is away. */
export interface TrackingTarget {
  client: MlflowClient;
  /** Experiment name, or its id once resolved. */
  experiment: string | { id: string };
  experimentId: string | undefined;
  spoolDir: string;
  /** Whether the server answered when the command started. */
  online: boolean;
  /** Notices from the run helper (spool path, …), shown on stderr and remembered. */
  notify: (message: string) => void;
  /** True once a run of this command went to the spool. */
  readonly spooled: boolean;
  trackingUri: string;
  /**
   * pii-scrub (strict, keyed with `CITED_PII_HMAC_KEY` when set) for names the user typed
   * (run, experiment) before they reach MLflow.
   */
  scrubName: (name: string) => string;
}

/** The command to replay spooled runs. */
export const SYNC_COMMAND = 'npx eval-runner mlflow sync';

/**
 * Connects to the tracking server. When it does not answer `/health`, runs go straight to
 * the spool (no minutes of retries) and the user is told how to sync them later.
 */
export async function openTracking(
  config: RunnerConfig,
  out: CommandOutput,
  experimentName?: string,
): Promise<TrackingTarget> {
  const uri = config.mlflow.trackingUri;
  const scrub = createLogScrubber({ pseudonymKey: config.pii.hmacKey });
  const scrubName = (text: string): string => scrub(text);
  const name = scrubName(experimentName ?? config.runner.experimentName);
  const spoolDir = resolve(config.runner.spoolDir);
  let spooled = false;
  const notify = (message: string) => {
    if (/spool|saved to|locally/i.test(message)) spooled = true;
    out.note(message);
  };
  const online = await isMlflowHealthy(uri, 3000);
  if (!online) {
    const sync =
      spoolDir === resolve(DEFAULT_SPOOL_DIR)
        ? SYNC_COMMAND
        : `${SYNC_COMMAND} --spool-dir ${spoolDir}`;
    out.note(
      `MLflow is not reachable at ${uri}: this run is recorded in the spool (${spoolDir}); replay it later with \`${sync}\`.`,
    );
    const client = new MlflowClient({ ...config.mlflow, maxRetries: 0, requestTimeoutMs: 3000 });
    return {
      client,
      experiment: name,
      experimentId: undefined,
      spoolDir,
      online,
      notify,
      get spooled() {
        return true;
      },
      trackingUri: uri,
      scrubName,
    };
  }
  const client = new MlflowClient(config.mlflow);
  const experimentId = await client.experiments.getOrCreate(name);
  return {
    client,
    experiment: { id: experimentId },
    experimentId,
    spoolDir,
    online,
    notify,
    get spooled() {
      return spooled;
    },
    trackingUri: uri,
    scrubName,
  };
}

/** The MLflow UI address of a run (or of the experiment). */
export function runUrl(
  trackingUri: string,
  experimentId: string | undefined,
  runId: string | null | undefined,
): string {
  const base = trackingUri.replace(/\/+$/, '');
  if (!experimentId) return base;
  return runId
    ? `${base}/#/experiments/${experimentId}/runs/${runId}`
    : `${base}/#/experiments/${experimentId}`;
}
