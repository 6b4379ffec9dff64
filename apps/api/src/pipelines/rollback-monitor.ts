/** Settings of {@link RollbackMonitor}. */
export interface RollbackSettings {
  windowMs: number;
  minRequests: number;
  /** Bad rate (0-1) above which the dspy path is rolled back. */
  threshold: number;
  cooldownMs: number;
  recovery: 'auto' | 'operator';
}

/** Snapshot for `/v1/programs/active` and `/readyz`. */
export interface RollbackStatus {
  active: boolean;
  since: string | null;
  reason: string | null;
  windowRequests: number;
  windowBadRate: number;
  recovery: 'auto' | 'operator';
  cooldownUntil: string | null;
}

/** Callbacks fired on state changes (logs, metrics). */
export interface RollbackEvents {
  onTrip: (status: RollbackStatus) => void;
  onRestore: (by: 'cooldown' | 'operator' | 'new_program') => void;
}

/**
 * Sliding-window breaker of the dspy path: errors and `unsupported` verdicts count as bad;
 * above the threshold (with enough requests) it trips and traffic goes to the fallback. It
 * closes again after the cool-down once the window's rate is back under the threshold (in
 * `auto` mode), or only by an operator (in `operator` mode) or a newly promoted program.
 */
export class RollbackMonitor {
  private events: { at: number; bad: boolean }[] = [];
  private trippedAt: number | null = null;
  private reason: string | null = null;

  constructor(
    private readonly settings: RollbackSettings,
    private readonly hooks: RollbackEvents,
    private readonly now: () => number = Date.now,
  ) {}

  private prune(now: number): void {
    const from = now - this.settings.windowMs;
    let i = 0;
    while (i < this.events.length && (this.events[i]?.at ?? 0) < from) i++;
    if (i > 0) this.events = this.events.slice(i);
  }

  private rate(): number {
    if (this.events.length === 0) return 0;
    return this.events.filter((e) => e.bad).length / this.events.length;
  }

  /** Records one dspy outcome. */
  record(bad: boolean): void {
    const now = this.now();
    this.prune(now);
    this.events.push({ at: now, bad });
    if (this.trippedAt !== null) return;
    const rate = this.rate();
    if (this.events.length >= this.settings.minRequests && rate > this.settings.threshold) {
      this.trippedAt = now;
      this.reason = `dspy error-or-unsupported rate ${(rate * 100).toFixed(1)}% over ${this.events.length} requests exceeded ${(this.settings.threshold * 100).toFixed(1)}%`;
      this.hooks.onTrip(this.status());
    }
  }

  /** True while dspy traffic must go to the fallback. Checks the cool-down on the way. */
  isTripped(): boolean {
    if (this.trippedAt === null) return false;
    if (this.settings.recovery === 'auto') {
      const now = this.now();
      this.prune(now);
      const enough = this.events.length >= this.settings.minRequests;
      if (
        now - this.trippedAt >= this.settings.cooldownMs &&
        (!enough || this.rate() <= this.settings.threshold)
      ) {
        this.clear('cooldown');
        return false;
      }
    }
    return true;
  }

  /** Closes the breaker (operator action or a new program) and forgets the window. */
  clear(by: 'cooldown' | 'operator' | 'new_program'): boolean {
    const was = this.trippedAt !== null;
    this.trippedAt = null;
    this.reason = null;
    this.events = [];
    if (was) this.hooks.onRestore(by);
    return was;
  }

  /** Current state. */
  status(): RollbackStatus {
    const now = this.now();
    this.prune(now);
    return {
      active: this.trippedAt !== null,
      since: this.trippedAt === null ? null : new Date(this.trippedAt).toISOString(),
      reason: this.reason,
      windowRequests: this.events.length,
      windowBadRate: this.rate(),
      recovery: this.settings.recovery,
      cooldownUntil:
        this.trippedAt === null || this.settings.recovery === 'operator'
          ? null
          : new Date(this.trippedAt + this.settings.cooldownMs).toISOString(),
    };
  }
}
