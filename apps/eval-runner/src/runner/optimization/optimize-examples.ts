import {
  formatPassages,
  goldAnswersOf,
  goldSourceIdsOf,
  isAbstentionText,
  tokenF1,
  type OptimizeExample,
  type OptimizeMetric,
  type Retriever,
} from '@cited/dspy-pipeline';
import type { DatasetRow } from '@cited/dataset-manifest';

/** Optimizer examples (reasoner inputs + gold outputs) and the gold data the metric needs. */
export interface OptimizeData {
  examples: OptimizeExample[];
  gold: Map<string, { answers: string[]; sourceIds: string[] }>;
}

/** Retrieves passages for each row and builds reasoner examples: question, passages → answer, citations. */
export async function buildOptimizeExamples(
  rows: readonly DatasetRow[],
  retriever: Retriever,
  options: { k: number; tenantId: string },
): Promise<OptimizeData> {
  const examples: OptimizeExample[] = [];
  const gold = new Map<string, { answers: string[]; sourceIds: string[] }>();
  for (const row of rows) {
    const passages = (
      await retriever.retrieve(row.question, { k: options.k, tenantId: options.tenantId })
    ).filter((p) => p.score > 0);
    const sourceIds = goldSourceIdsOf(row);
    const question = row.question.trim();
    gold.set(question, { answers: goldAnswersOf(row), sourceIds });
    examples.push({
      question,
      passages: formatPassages(passages),
      answer: sourceIds.length === 0 ? 'Not found in the sources.' : row.answer,
      citations: passages.filter((p) => sourceIds.includes(p.documentId)).map((p) => p.id),
    });
  }
  return { examples, gold };
}

/** The optimizer's metric: token F1 against every gold answer; for unanswerable rows, 1 iff it abstains. */
export function tokenF1Metric(gold: OptimizeData['gold']): OptimizeMetric {
  return ({ prediction, example }) => {
    const g = gold.get(String(example['question']));
    const answer = typeof prediction['answer'] === 'string' ? prediction['answer'] : '';
    if (!g) return 0;
    if (g.sourceIds.length === 0) return isAbstentionText(answer) ? 1 : 0;
    if (isAbstentionText(answer)) return 0;
    return tokenF1(answer, g.answers);
  };
}
