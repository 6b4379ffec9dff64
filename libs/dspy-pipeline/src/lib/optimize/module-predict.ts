import type { AxFieldValue } from '@ax-llm/ax';
import { DspyPipelineError } from '../errors/dspy-pipeline-error';
import type { LlmService } from '../llm/llm-service';
import { lendModule, type ModuleSpec } from '../programs/module-spec';

/**
 * One prediction of a module on one example's input fields. A pooled AxGen is lent per call,
 * so concurrent predictions never share an instance. The request is the one the pipelines
 * send for the same module and inputs. A failed call (LLM error, unreadable
 * reply) predicts nothing: `{}`, which scores 0; a request refused by a spent budget throws
 * {@link BudgetStop} instead, as such a prediction says nothing about the module.
 */
export async function predictWith(
  spec: ModuleSpec,
  programId: string,
  llm: LlmService,
  example: Record<string, AxFieldValue>,
): Promise<Record<string, unknown>> {
  const lent = lendModule(spec, programId);
  try {
    const values = Object.fromEntries(
      lent.gen
        .getSignature()
        .getInputFields()
        .map((f) => [f.name, example[f.name]]),
    );
    // Streaming as the pipelines do, so that the requests equal theirs (and share cache entries).
    return (await lent.gen.forward(llm.ai, values, {
      maxRetries: 1,
      stream: llm.stream,
    })) as Record<string, unknown>;
  } catch (error) {
    if (isBudgetStop(error)) throw new BudgetStop();
    return {};
  } finally {
    lent.release();
  }
}

/** A prediction that was not made because the LLM budget is spent. */
export class BudgetStop extends Error {
  constructor() {
    super('the LLM budget is spent');
  }
}

/** Whether an error (Ax wraps the service's errors) comes from a spent budget. */
function isBudgetStop(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 8; depth++) {
    if (e instanceof DspyPipelineError && e.code === 'budget_exceeded') return true;
    e = e.cause;
  }
  return false;
}
