import { join } from 'node:path';
import { makeDatasetRow, makeDatasetRows, toJsonl, writeDatasetFile } from '../../testing';
import { loadDatasetRows, readDataset } from './read-dataset';

jest.setTimeout(60_000);

const fixture = join(__dirname, '..', '..', 'test-fixtures', 'qa-small.jsonl');

describe('readDataset / loadDatasetRows', () => {
  it('streams validated rows in file order, resolving the evidence alias', async () => {
    const ids: string[] = [];
    for await (const row of readDataset(fixture)) ids.push(row.id);
    expect(ids).toEqual(['q1', 'q2', 'q3', 'q4']);
    const rows = await loadDatasetRows(fixture);
    expect(rows[1]?.context).toBe('Tenants may keep cats; no other pets.');
    expect(rows[2]?.['difficulty']).toBe('easy');
  });

  it('filters by split', async () => {
    const rows = await loadDatasetRows(fixture, { split: 'train' });
    expect(rows.map((r) => r.id)).toEqual(['q1', 'q2']);
    await expect(loadDatasetRows(fixture, { split: 'nope' })).rejects.toMatchObject({
      code: 'invalid_argument',
      message: expect.stringMatching(/dev, test, train/),
    });
  });

  it('reads a file larger than one chunk', async () => {
    const file = writeDatasetFile(
      makeDatasetRows(12_000, { train: 9, dev: 1 }).map((r) => ({
        ...r,
        question: 'x'.repeat(100),
      })),
    );
    let n = 0;
    for await (const row of readDataset(file, { split: 'dev' })) {
      expect(row.split).toBe('dev');
      n += 1;
    }
    expect(n).toBe(1200);
  });

  it('stops cleanly when the consumer breaks early', async () => {
    const file = writeDatasetFile(makeDatasetRows(5000));
    let n = 0;
    for await (const row of readDataset(file)) {
      expect(row.id).toMatch(/^q-/);
      if (++n === 3) break;
    }
    expect(n).toBe(3);
    expect((await loadDatasetRows(file)).length).toBe(5000);
  });

  it('throws at the first invalid line with file:line and field', async () => {
    const bad = JSON.stringify({ ...makeDatasetRow(3), split: 7 });
    const file = writeDatasetFile(toJsonl([makeDatasetRow(1), makeDatasetRow(2), bad]));
    const seen: string[] = [];
    const error = await (async () => {
      for await (const row of readDataset(file)) seen.push(row.id);
    })().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid_row' });
    expect((error as Error).message).toMatch(/dataset\.jsonl:3: field "split": expected string/);
    expect(seen).toEqual(['q-000001', 'q-000002']);
  });

  it('throws on an empty file and a duplicate id', async () => {
    await expect(loadDatasetRows(writeDatasetFile(''))).rejects.toMatchObject({
      code: 'empty_file',
    });
    const dup = writeDatasetFile([makeDatasetRow(1), makeDatasetRow(1)]);
    await expect(loadDatasetRows(dup)).rejects.toMatchObject({
      code: 'duplicate_id',
      message: expect.stringMatching(/:2: field "id": duplicate id \(first used on line 1\)/),
    });
  });
});
