import type { AxAIService, AxFieldValue } from '@ax-llm/ax';
import { lendModule, type ModuleSpec } from '../programs/module-spec';

/**
 * One prediction of a module on one example's input fields. A pooled AxGen is lent per call,
 * so concurrent predictions never share an instance. A failed call (LLM error, unreadable
 * reply, a spent budget) predicts nothing: `{}`, which scores 0.
 */
export async function predictWith(
  spec: ModuleSpec,
  programId: string,
  ai: AxAIService,
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
    return (await lent.gen.forward(ai, values, { maxRetries: 1 })) as Record<string, unknown>;
  } catch {
    return {};
  } finally {
    lent.release();
  }
}
