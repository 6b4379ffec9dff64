import type { CommandOutput } from '../../cli/command-output';
import type { RunnerConfig } from '../../config/runner-config';
import { ArtifactScrubber } from '../shared/artifact-scrubber';
import type { TrackingTarget } from '../tracking/tracking-target';
import type { RunRecording } from './evaluation-plan';

/** What an evaluation or optimization takes from the command running it. */
export interface RunContext {
  config: RunnerConfig;
  /** Progress, notes and tables (stderr / stdout). */
  out: CommandOutput;
  /** Where the run goes: the server, or the spool. */
  tracking: TrackingTarget;
}

/** The scrubber of a run's artifacts, keyed with `CITED_PII_HMAC_KEY` when the plan says so. */
export function runScrubber(ctx: RunContext, recording: RunRecording): ArtifactScrubber {
  const key = ctx.config.pii.hmacKey;
  return new ArtifactScrubber(recording.pseudonymize && key ? { pseudonymKey: key } : {});
}
