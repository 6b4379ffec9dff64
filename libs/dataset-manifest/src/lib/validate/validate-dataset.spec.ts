import { makeDatasetRow, toJsonl, writeDatasetFile } from '../../testing';
import { scanDataset } from '../scan/scan-dataset';
import { validateDataset } from './validate-dataset';

const row = (i: number, o: Record<string, unknown> = {}) => JSON.stringify(makeDatasetRow(i, o));

describe('validateDataset', () => {
  it('accepts a valid file with a BOM, CRLF endings and blank lines', async () => {
    const text = `\uFEFF${row(1)}\r\n\r\n${row(2, { split: 'dev' })}\r\n   \n`;
    const report = await validateDataset(writeDatasetFile(text));
    expect(report).toMatchObject({
      ok: true,
      rows: 2,
      lines: 4,
      splits: { dev: 1, train: 1 },
      issues: [],
    });
  });

  it('reports invalid JSON with line and column, without echoing the line', async () => {
    const file = writeDatasetFile(toJsonl([row(1), '{"id": "x", secret-value}', row(3)]));
    const report = await validateDataset(file);
    expect(report.ok).toBe(false);
    expect(report.rows).toBe(2);
    expect(report.issues).toHaveLength(1);
    expect(report.issues[0]).toMatchObject({ code: 'invalid_json', line: 2 });
    expect(report.issues[0]?.message).toMatch(/invalid JSON: .*column 13/);
    expect(JSON.stringify(report)).not.toMatch(/secret-value/);
  });

  it('reports a missing field and a mistyped field with their paths', async () => {
    const missing = JSON.stringify({ ...makeDatasetRow(2), question: undefined });
    const mistyped = row(3, { context: ['ok', 42] });
    const report = await validateDataset(writeDatasetFile(toJsonl([row(1), missing, mistyped])));
    expect(report.issues).toEqual([
      {
        code: 'invalid_row',
        line: 2,
        field: 'question',
        message: 'required field is missing (expected string)',
      },
      { code: 'invalid_row', line: 3, field: 'context[1]', message: 'expected string, got number' },
    ]);
  });

  it('reports a row that is not a JSON object', async () => {
    const report = await validateDataset(writeDatasetFile(toJsonl([row(1), '[1,2]'])));
    expect(report.issues[0]).toMatchObject({
      code: 'invalid_row',
      line: 2,
      message: 'expected a JSON object, got array',
    });
  });

  it('reports a duplicate id with the line that used it first, without echoing the id', async () => {
    const file = writeDatasetFile(
      toJsonl([row(1, { id: 'private-id' }), row(2), row(3, { id: 'private-id' })]),
    );
    const report = await validateDataset(file);
    expect(report.issues).toEqual([
      {
        code: 'duplicate_id',
        line: 3,
        field: 'id',
        message: 'duplicate id (first used on line 1); ids must be unique in the file',
      },
    ]);
    expect(JSON.stringify(report)).not.toMatch(/private-id/);
  });

  it('confirms hash collisions against the earlier line instead of trusting the hash', async () => {
    const file = writeDatasetFile(toJsonl([row(1), row(2), row(3), row(2, { split: 'dev' })]));
    const scan = await scanDataset({
      path: file,
      maxLineBytes: 1 << 20,
      maxIssues: 10,
      schemaSampleRows: 1,
      idHasher: () => 7,
    });
    expect(scan.rows).toBe(3);
    expect(scan.issues).toEqual([expect.objectContaining({ code: 'duplicate_id', line: 4 })]);
    expect(scan.issues[0]?.message).toMatch(/first used on line 2/);
  });

  it('reports an empty file and a file of blank lines', async () => {
    const empty = await validateDataset(writeDatasetFile(''));
    expect(empty.issues).toEqual([
      expect.objectContaining({ code: 'empty_file', message: expect.stringMatching(/is empty/) }),
    ]);
    const blank = await validateDataset(writeDatasetFile('\n \n\n'));
    expect(blank.issues[0]).toMatchObject({ code: 'empty_file' });
    expect(blank.ok).toBe(false);
  });

  it('reports invalid UTF-8 with the byte position', async () => {
    const bad = Buffer.concat([
      Buffer.from(`${row(1)}\n{"id":"x`),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}\n'),
    ]);
    const report = await validateDataset(writeDatasetFile(bad));
    expect(report.issues).toEqual([
      expect.objectContaining({
        code: 'invalid_utf8',
        line: 2,
        message: expect.stringMatching(/byte 9/),
      }),
    ]);
  });

  it('reports a line over the size limit and keeps validating the next lines', async () => {
    const long = row(2, { question: 'x'.repeat(5000) });
    const file = writeDatasetFile(toJsonl([row(1), long, row(3), row(1)]));
    const report = await validateDataset(file, { maxLineBytes: 1000 });
    expect(report.issues.map((i) => [i.code, i.line])).toEqual([
      ['line_too_long', 2],
      ['duplicate_id', 4],
    ]);
    expect(report.issues[0]?.message).toMatch(/over the limit of 1000/);
    expect(report.rows).toBe(2);
  });

  it('stops at the issue cap and says the report is truncated', async () => {
    const lines = Array.from({ length: 50 }, () => 'not json');
    const report = await validateDataset(writeDatasetFile(toJsonl(lines)), { maxIssues: 5 });
    expect(report.issues).toHaveLength(5);
    expect(report.truncated).toBe(true);
    const all = await validateDataset(writeDatasetFile(toJsonl(lines)));
    expect(all.issues).toHaveLength(50);
    expect(all.truncated).toBe(false);
  });

  it('fails with file_not_found for a missing file', async () => {
    await expect(validateDataset('/nonexistent/data.jsonl')).rejects.toMatchObject({
      code: 'file_not_found',
    });
  });
});
