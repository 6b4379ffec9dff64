/** States of the breaker: `open` sends LLM answers straight to the fallback. */
export type CircuitState = 'closed' | 'open' | 'half_open';

/** Settings of {@link LlmCircuitBreaker} (`CITED_LLM_BREAKER_*`). */
export interface CircuitSettings {
  /** Consecutive upstream failures that open the breaker. */
  failureThreshold: number;
  /** How long it stays open before one probe request may try the LLM again. */
  cooldownMs: number;
}

/** One change of state, for `/readyz`, the log and the metrics. */
export interface CircuitTransition {
  from: CircuitState;
  to: CircuitState;
  at: string;
  reason: string;
}

/** What `/readyz` reports. */
export interface CircuitStatus {
  endpoint: string;
  state: CircuitState;
  consecutiveFailures: number;
  failureThreshold: number;
  cooldownMs: number;
  /** When the breaker last opened, and when it lets a probe through (null while closed). */
  openedAt: string | null;
  probeAt: string | null;
  /** The most recent transitions, newest first. */
  transitions: CircuitTransition[];
}

/**
 * What a request may do: call the LLM (`call`), call it as the one probe of a half-open
 * breaker (`probe`), or go straight to the fallback (`skip`).
 */
export type CircuitTicket = 'call' | 'probe' | 'skip';

const KEPT_TRANSITIONS = 10;

/**
 * A circuit breaker in front of one LLM endpoint. Closed: every answer may call the LLM, and
 * `failureThreshold` upstream failures in a row (timeouts, errors, unusable replies) open it.
 * Open: answers skip the LLM pipelines for `cooldownMs`. Then the next request is the probe
 * (half-open): its success closes the breaker, its failure opens it for another cool-down;
 * other requests keep skipping until the probe is done. Outcomes of calls admitted before the
 * breaker opened do not move it: only the probe decides while it is not closed.
 */
export class LlmCircuitBreaker {
  private current: CircuitState = 'closed';
  private failures = 0;
  private openedAt: number | null = null;
  private probing = false;
  private readonly history: CircuitTransition[] = [];

  constructor(
    readonly endpoint: string,
    private readonly settings: CircuitSettings,
    private readonly onTransition: (t: CircuitTransition) => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {}

  private move(to: CircuitState, reason: string): void {
    const t: CircuitTransition = {
      from: this.current,
      to,
      at: new Date(this.now()).toISOString(),
      reason,
    };
    this.current = to;
    this.history.unshift(t);
    this.history.length = Math.min(this.history.length, KEPT_TRANSITIONS);
    this.onTransition(t);
  }

  /** Asks to call the LLM now. A `probe` ticket must be settled (success, failure or release). */
  admit(): CircuitTicket {
    if (this.current === 'closed') return 'call';
    if (this.current === 'open') {
      if (this.now() - (this.openedAt ?? 0) < this.settings.cooldownMs) return 'skip';
      this.move('half_open', `cool-down of ${this.settings.cooldownMs} ms over: one probe`);
    }
    if (this.probing) return 'skip';
    this.probing = true;
    return 'probe';
  }

  /** The LLM answered usably. */
  success(ticket: CircuitTicket): void {
    if (ticket === 'probe') {
      this.probing = false;
      this.failures = 0;
      this.openedAt = null;
      this.move('closed', 'the probe succeeded');
    } else if (ticket === 'call' && this.current === 'closed') {
      this.failures = 0;
    }
  }

  /** The LLM failed upstream (timeout, error, a reply the pipeline could not use). */
  failure(ticket: CircuitTicket): void {
    if (ticket === 'probe') {
      this.probing = false;
      this.open('the probe failed');
    } else if (ticket === 'call' && this.current === 'closed') {
      this.failures++;
      if (this.failures >= this.settings.failureThreshold)
        this.open(`${this.failures} consecutive upstream failures`);
    }
  }

  /** The call ended without telling anything about the LLM (the client went away). */
  release(ticket: CircuitTicket): void {
    if (ticket === 'probe') this.probing = false;
  }

  private open(reason: string): void {
    this.openedAt = this.now();
    this.move('open', reason);
  }

  /** The state; an open breaker whose cool-down is over still reads `open` until a probe. */
  get state(): CircuitState {
    return this.current;
  }

  status(): CircuitStatus {
    return {
      endpoint: this.endpoint,
      state: this.current,
      consecutiveFailures: this.failures,
      failureThreshold: this.settings.failureThreshold,
      cooldownMs: this.settings.cooldownMs,
      openedAt: this.openedAt === null ? null : new Date(this.openedAt).toISOString(),
      probeAt:
        this.openedAt === null
          ? null
          : new Date(this.openedAt + this.settings.cooldownMs).toISOString(),
      transitions: [...this.history],
    };
  }
}
