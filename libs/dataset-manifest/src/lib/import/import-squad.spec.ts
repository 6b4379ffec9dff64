import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatasetManifestError } from '../errors/dataset-manifest-error';
import { datasetRowSchema } from '../schema/dataset-row.schema';
import { splitOfTitle } from './article-split';
import { importSquad, UNANSWERABLE_ANSWER } from './import-squad';

const excerpt = (): {
  data: { title: string; paragraphs: { context: string; qas: Record<string, unknown>[] }[] }[];
} => JSON.parse(readFileSync(join(__dirname, '../../test-fixtures/squad-excerpt.json'), 'utf8'));

function thrown(fn: () => unknown): DatasetManifestError {
  try {
    fn();
  } catch (error) {
    if (DatasetManifestError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a DatasetManifestError');
}

describe('importSquad', () => {
  it('writes one document per paragraph and one valid row per question, every answer kept', () => {
    const out = importSquad(excerpt(), 'squad');
    expect(out.documents.map((d) => d.id)).toEqual(['Normans#p0', 'Normans#p1', 'Steam_engine#p0']);
    expect(out.documents[2]?.title).toBe('Steam engine');
    expect(out.rows).toHaveLength(13);
    expect(out.counts).toMatchObject({ articles: 2, documents: 3, rows: 13, unanswerable: 0 });
    const row = out.rows.find((r) => r.id === '56ddde6b9a695914005b962c');
    // Five crowd answers, three distinct texts: each distinct one is kept, in order.
    expect(row?.metadata?.answers).toHaveLength(3);
    expect(row?.answer).toBe(row?.metadata?.answers?.[0]);
    expect(row?.metadata?.source_ids).toEqual(['Normans#p0']);
    for (const r of out.rows) expect(datasetRowSchema.safeParse(r).success).toBe(true);
  });

  it('splits by article title, deterministically, whatever the order of the articles', () => {
    const a = importSquad(excerpt(), 'squad');
    const reversed = excerpt();
    reversed.data.reverse();
    const b = importSquad(reversed, 'squad');
    const splitOf = (rows: typeof a.rows) => new Map(rows.map((r) => [r.id, r.split]));
    expect(splitOf(b.rows)).toEqual(splitOf(a.rows));
    expect(new Set(a.rows.filter((r) => r.id.startsWith('56dd')).map((r) => r.split))).toEqual(
      new Set([splitOfTitle('Normans')]),
    );
    // The rule on known titles (sha256 of the title, first 32 bits: < 0.6 train, < 0.8 dev).
    expect(splitOfTitle('Normans')).toBe('test');
    expect(splitOfTitle('Steam_engine')).toBe('dev');
    expect(splitOfTitle('Kenya')).toBe('train');
  });

  it('turns a SQuAD 2.0 is_impossible question into an unanswerable row', () => {
    const file = excerpt();
    const qa = file.data[0]?.paragraphs[0]?.qas[0] as Record<string, unknown>;
    qa['is_impossible'] = true;
    qa['answers'] = [];
    const out = importSquad(file, 'squad2');
    const row = out.rows[0];
    expect(row).toMatchObject({ answer: UNANSWERABLE_ANSWER, metadata: { source_ids: [] } });
    expect(out.counts.unanswerable).toBe(1);
    expect(thrown(() => importSquad(file, 'squad')).message).toContain(
      '$.data[0].paragraphs[0].qas[0].is_impossible',
    );
  });

  it('names the JSON path of the first bad element', () => {
    const file = excerpt();
    const qa = file.data[1]?.paragraphs[0]?.qas[2] as Record<string, unknown>;
    qa['answers'] = [{ text: 'x' }];
    const error = thrown(() => importSquad(file, 'squad'));
    expect(error.code).toBe('invalid_row');
    expect(error.where).toBe('$.data[1].paragraphs[0].qas[2].answers[0].answer_start');
    expect(thrown(() => importSquad({ data: 'no' }, 'squad')).where).toBe('$.data');
    expect(thrown(() => importSquad([], 'squad')).where).toBe('$');
    const empty = excerpt();
    (empty.data[0]?.paragraphs[1]?.qas[0] as Record<string, unknown>)['answers'] = [];
    expect(thrown(() => importSquad(empty, 'squad')).where).toBe(
      '$.data[0].paragraphs[1].qas[0].answers',
    );
  });
});
