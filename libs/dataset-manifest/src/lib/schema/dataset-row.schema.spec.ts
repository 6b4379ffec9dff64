import { datasetRowSchema } from './dataset-row.schema';
import { formatZodIssues } from './format-zod-issue';

const base = { id: 'a', split: 'train', question: 'q?', answer: 'a' };

function problems(value: unknown) {
  const r = datasetRowSchema.safeParse(value);
  return r.success ? [] : formatZodIssues(r.error.issues);
}

describe('datasetRowSchema', () => {
  it('accepts context as a string or an array and keeps unknown fields', () => {
    const row = datasetRowSchema.parse({ ...base, context: ['p1', 'p2'], difficulty: 'hard' });
    expect(row.context).toEqual(['p1', 'p2']);
    expect(row['difficulty']).toBe('hard');
    expect(datasetRowSchema.parse({ ...base, context: 'p' }).context).toBe('p');
  });

  it('resolves the "evidence" alias to context', () => {
    const row = datasetRowSchema.parse({ ...base, evidence: ['e'] });
    expect(row.context).toEqual(['e']);
    expect('evidence' in row).toBe(false);
  });

  it('keeps metadata (source_ids, answers and extra keys)', () => {
    const row = datasetRowSchema.parse({
      ...base,
      context: '',
      metadata: { source_ids: [], answers: ['A'], lang: 'en' },
    });
    expect(row.metadata).toEqual({ source_ids: [], answers: ['A'], lang: 'en' });
  });

  it('names the missing, mistyped and nested fields', () => {
    expect(problems({ ...base, question: undefined, context: 'c' })).toEqual([
      { field: 'question', message: 'required field is missing (expected string)' },
    ]);
    expect(problems({ ...base, answer: 3, context: 'c' })).toEqual([
      { field: 'answer', message: 'expected string, got number' },
    ]);
    expect(problems({ ...base, context: ['a', 'b', 7] })).toEqual([
      { field: 'context[2]', message: 'expected string, got number' },
    ]);
    expect(problems({ ...base, context: 5 })).toEqual([
      { field: 'context', message: 'expected a string or an array of strings' },
    ]);
    expect(problems({ ...base, context: 'c', metadata: { source_ids: ['d', null] } })).toEqual([
      { field: 'metadata.source_ids[1]', message: 'expected string, got null' },
    ]);
    expect(problems({ ...base, id: '', context: 'c' })[0]?.field).toBe('id');
  });

  it('reports a missing context together with the other problems of the row', () => {
    expect(problems({ id: 1 }).map((p) => p.field)).toEqual([
      'id',
      'split',
      'question',
      'answer',
      'context',
    ]);
  });

  it('requires context (or evidence) and refuses both at once', () => {
    expect(problems(base)[0]?.field).toBe('context');
    expect(problems({ ...base, context: 'a', evidence: 'b' })[0]?.field).toBe('evidence');
  });
});
