import type { ServerResponse } from 'node:http';

/** Cancels a request's work when its client goes away (what the answer service is given). */
export interface RequestAbort {
  /** Fires when the client goes away before the response is finished. */
  readonly signal: AbortSignal;
  /** True once {@link signal} fired; false while no signal was ever asked for. */
  readonly aborted: boolean;
}

/**
 * The {@link RequestAbort} of one HTTP response, made on first use of `signal`. Why lazily:
 * an AbortSignal costs ~4 µs to make in a tight loop and ≈ 5% of an extractive answer's CPU
 * under load (docs/benchmarks.md, `## api`), and an answer that never waits on I/O (the
 * extractive pipeline over the embedded index) has nothing to cancel. A signal first asked for
 * after the client went away is returned already aborted.
 */
export class ClientAbort implements RequestAbort {
  private controller: AbortController | undefined;

  constructor(private readonly response: ServerResponse) {}

  get signal(): AbortSignal {
    if (this.controller === undefined) {
      const controller = new AbortController();
      this.controller = controller;
      const res = this.response;
      const abortUnlessFinished = (): void => {
        if (!res.writableFinished) controller.abort();
      };
      // `destroyed`: the socket closed (or was destroyed) already, so 'close' will not come again.
      if (res.destroyed) abortUnlessFinished();
      else res.once('close', abortUnlessFinished);
    }
    return this.controller.signal;
  }

  get aborted(): boolean {
    return this.controller?.signal.aborted ?? false;
  }
}
