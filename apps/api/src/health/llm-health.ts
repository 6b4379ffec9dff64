import { Injectable } from '@nestjs/common';

/**
 * The LLM's health as seen from answers: when an LLM pipeline last answered and last failed
 * upstream. Written by the answer service, read by readiness.
 */
@Injectable()
export class LlmHealth {
  lastSuccessAt: number | null = null;
  lastFailureAt: number | null = null;
  lastError: string | null = null;

  /** An LLM pipeline answered. */
  recordSuccess(): void {
    this.lastSuccessAt = Date.now();
  }

  /** An LLM pipeline failed upstream (timeout, provider error). */
  recordFailure(error: unknown): void {
    this.lastFailureAt = Date.now();
    this.lastError = error instanceof Error ? error.message : String(error);
  }

  /** True when the last upstream outcome was a failure. */
  get failing(): boolean {
    return (
      this.lastFailureAt !== null &&
      (this.lastSuccessAt === null || this.lastFailureAt > this.lastSuccessAt)
    );
  }
}
