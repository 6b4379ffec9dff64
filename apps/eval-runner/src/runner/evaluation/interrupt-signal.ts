import type { CommandOutput } from '../../cli/command-output';

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
