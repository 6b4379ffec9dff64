import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importSquad, type DatasetRow } from '@cited/dataset-manifest';
import {
  chunkDocuments,
  EmbeddedIndex,
  ExtractivePipeline,
  sourceDocumentSchema,
} from '@cited/dspy-pipeline';
import { HoldOutGoldRetriever, holdOutGold } from './hold-out-gold';
import type { PipelineSetup } from './pipeline-setup';

// Two SQuAD v1.1 articles (CC BY-SA 4.0; attribution in its README next to it).
const EXCERPT = join(
  __dirname,
  '../../../../../libs/dataset-manifest/src/test-fixtures/squad-excerpt.json',
);

async function squadIndex(): Promise<{ index: EmbeddedIndex; rows: DatasetRow[] }> {
  const imported = importSquad(JSON.parse(readFileSync(EXCERPT, 'utf8')), 'squad');
  const docs = imported.documents.map((d) => sourceDocumentSchema.parse(d));
  const index = await EmbeddedIndex.build(await chunkDocuments(docs, { tenantId: 'default' }));
  return { index, rows: imported.rows as DatasetRow[] };
}

describe('holdOutGold', () => {
  it('makes answerable rows unanswerable and hides their whole article from retrieval', async () => {
    const { index, rows } = await squadIndex();
    const setup = { retriever: { retriever: index } } as unknown as PipelineSetup;
    const held = holdOutGold(rows, setup);
    expect(held.rows).toHaveLength(rows.length);
    expect(held.rows.every((r) => r.metadata?.source_ids?.length === 0)).toBe(true);
    const retriever = held.setup.retriever.retriever;
    expect(retriever).toBeInstanceOf(HoldOutGoldRetriever);
    for (const row of rows) {
      const article = String(row.metadata?.['article']);
      const before = await index.retrieve(row.question, { k: 3, tenantId: 'default' });
      expect(before.some((p) => p.metadata['article'] === article)).toBe(true);
      const after = await retriever.retrieve(row.question, { k: 3, tenantId: 'default' });
      expect(after.some((p) => p.metadata['article'] === article)).toBe(false);
      // The next-best passages of other articles fill the k slots.
      const deep = await index.retrieve(row.question, { k: 50, tenantId: 'default' });
      expect(after).toEqual(deep.filter((p) => p.metadata['article'] !== article).slice(0, 3));
    }
    // A question that is not one of the rows goes to the index unchanged.
    const other = 'Where is Normandy?';
    expect(await retriever.retrieve(other, { k: 3, tenantId: 'default' })).toEqual(
      await index.retrieve(other, { k: 3, tenantId: 'default' }),
    );
  });

  it('lets the extractive pipeline abstain once the gold article is gone', async () => {
    const { index, rows } = await squadIndex();
    const setup = { retriever: { retriever: index } } as unknown as PipelineSetup;
    const retriever = holdOutGold(rows, setup).setup.retriever.retriever;
    const pipeline = new ExtractivePipeline({ retriever });
    let abstained = 0;
    for (const row of rows) {
      const r = await pipeline.answer(row.question, { tenantId: 'default', topK: 5 });
      if (r.abstained) abstained++;
      else
        expect(r.citations.every((c) => !c.id.startsWith(String(row.metadata?.['article'])))).toBe(
          true,
        );
    }
    expect(abstained / rows.length).toBeGreaterThanOrEqual(0.8);
  });

  it('refuses a selection without gold sources', () => {
    const row = { id: 'u', split: 'test', question: 'q', answer: 'a', context: [] } as DatasetRow;
    expect(() => holdOutGold([row], {} as PipelineSetup)).toThrow(/no selected row has gold/);
  });
});
