/** Process exit codes of every eval-runner command. */
export const ExitCode = {
  /** The command did what was asked. */
  Ok: 0,
  /** A check failed: a gate, a `--fail-under` threshold, a promotion refused. */
  CheckFailed: 1,
  /** Bad input or usage: a missing file, an invalid dataset, an unknown option. */
  BadInput: 2,
  /** `--require-tracking` was given and MLflow was unreachable (the run went to the spool). */
  TrackingUnavailable: 3,
} as const;

/** One of {@link ExitCode}'s values. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
