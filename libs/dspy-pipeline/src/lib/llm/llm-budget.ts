import { DspyPipelineError } from '../errors/dspy-pipeline-error';

/** Why a budget stopped the work. */
export type LlmBudgetStop = 'max_llm_calls' | 'max_cost_usd';

/**
 * Limits on the LLM requests sent to providers (cache hits are free): at most `maxCalls`
 * requests and `maxCostUsd` dollars. Checked before each request, so requests already in
 * flight when the limit is reached still finish (dollars can overshoot by at most the cost
 * of `concurrency` requests). Shared by every service of a run (student and teacher).
 */
export class LlmBudget {
  private calls = 0;
  private spent = 0;
  private stop: LlmBudgetStop | undefined;

  constructor(readonly limits: { maxCalls?: number; maxCostUsd?: number } = {}) {}

  /** Why no request may be sent any more, or undefined. */
  stopReason(): LlmBudgetStop | undefined {
    return this.stop;
  }

  /**
   * Takes one request from the budget.
   * @throws DspyPipelineError `budget_exceeded` once a limit is reached.
   */
  take(): void {
    const { maxCalls, maxCostUsd } = this.limits;
    if (this.stop === undefined && maxCalls !== undefined && this.calls >= maxCalls)
      this.stop = 'max_llm_calls';
    if (this.stop === undefined && maxCostUsd !== undefined && this.spent >= maxCostUsd)
      this.stop = 'max_cost_usd';
    if (this.stop !== undefined)
      throw new DspyPipelineError('budget_exceeded', `the LLM budget is spent (${this.stop}).`, {
        where: this.stop === 'max_llm_calls' ? '--max-llm-calls' : '--max-cost-usd',
      });
    this.calls++;
  }

  /** Adds what a finished request cost. */
  spend(usd: number): void {
    this.spent += usd;
  }
}
