import type { TokenUsage } from '../model/answer-result';

/** Usage records as Ax reports them (`gen.getUsage()`, `AxChatResponse.modelUsage`). */
type UsageRecord = {
  tokens?: { promptTokens?: number; completionTokens?: number; totalTokens?: number };
};

/** Sums token counts over a call's requests; undefined when there is no record. */
export function sumUsage(usage: ReadonlyArray<UsageRecord>): TokenUsage | undefined {
  if (usage.length === 0) return undefined;
  const t = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };
  for (const u of usage) {
    t.promptTokens += u.tokens?.promptTokens ?? 0;
    t.completionTokens += u.tokens?.completionTokens ?? 0;
    t.totalTokens += u.tokens?.totalTokens ?? 0;
  }
  return t;
}
