/**
 * MLflow work started now and awaited later (a trial's child run, the dataset snapshot), so
 * the optimizer keeps its LLM slots busy while MLflow stores it: `done` rethrows the work's
 * error where the run waits for it, `settled` never rejects, for the clean-up path.
 */
export interface BackgroundWork {
  done: Promise<unknown>;
  settled: Promise<void>;
}

/** Wraps work already started as {@link BackgroundWork}. */
export function inBackground(work: Promise<unknown>): BackgroundWork {
  const settled = work.then(
    () => undefined,
    () => undefined,
  );
  return { done: work, settled };
}
