import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateDataset } from '@cited/dataset-manifest';
import { parseJsonlDocuments } from '@cited/dspy-pipeline';
import { cli as runEvalRunner } from '../../test-fixtures/cli-harness';

// Two SQuAD v1.1 articles (CC BY-SA 4.0; attribution in its README next to it).
const EXCERPT = join(
  __dirname,
  '../../../../../libs/dataset-manifest/src/test-fixtures/squad-excerpt.json',
);
const cli = (...args: string[]) => runEvalRunner(args);
const tmp = () => mkdtempSync(join(tmpdir(), 'cited-cli-import-'));
jest.setTimeout(60_000);

describe('eval-runner dataset import', () => {
  it('writes corpus.jsonl and qa.jsonl that validate, with article splits', async () => {
    const dir = tmp();
    const r = await cli('dataset', 'import', '--format', 'squad', EXCERPT, '--out', dir, '--json');
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({
      ok: true,
      counts: { articles: 2, documents: 3, rows: 13, test: 8, dev: 5 },
    });
    expect(readdirSync(dir).sort()).toEqual(['corpus.jsonl', 'qa.jsonl']);
    const docs = parseJsonlDocuments(readFileSync(join(dir, 'corpus.jsonl'), 'utf8'), 'corpus');
    expect(docs.map((d) => d.id)).toEqual(['Normans#p0', 'Normans#p1', 'Steam_engine#p0']);
    const report = await validateDataset(join(dir, 'qa.jsonl'));
    expect(report).toMatchObject({ ok: true, rows: 13, splits: { test: 8, dev: 5 } });
    // Deterministic: a second import writes the same bytes.
    const again = tmp();
    await cli('dataset', 'import', '--format', 'squad', EXCERPT, '--out', again);
    for (const f of ['corpus.jsonl', 'qa.jsonl'])
      expect(readFileSync(join(again, f), 'utf8')).toBe(readFileSync(join(dir, f), 'utf8'));
  });

  it('exits 2 naming the JSON path of the first bad element, and writes nothing', async () => {
    const bad = JSON.parse(readFileSync(EXCERPT, 'utf8')) as {
      data: { paragraphs: { qas: { question?: unknown }[] }[] }[];
    };
    delete (bad.data[0]?.paragraphs[1]?.qas[2] as { question?: unknown }).question;
    const file = join(tmp(), 'bad.json');
    writeFileSync(file, JSON.stringify(bad));
    const dir = join(tmp(), 'out');
    const r = await cli('dataset', 'import', '--format', 'squad', file, '--out', dir, '--json');
    expect(r.code).toBe(2);
    const parsed = JSON.parse(r.out) as { ok: boolean; error: { code: string; message: string } };
    expect(parsed.error.code).toBe('invalid_row');
    expect(parsed.error.message).toContain('$.data[0].paragraphs[1].qas[2].question');
    expect(existsSync(join(dir, 'qa.jsonl'))).toBe(false);

    writeFileSync(file, '{"data": [');
    const notJson = await cli('dataset', 'import', '--format', 'squad2', file, '--out', dir);
    expect(notJson.code).toBe(2);
    expect(notJson.err).toMatch(/not valid JSON/);
    const noFormat = await cli('dataset', 'import', EXCERPT, '--out', dir);
    expect(noFormat.code).toBe(2);
    expect(noFormat.err).toMatch(/--format must be squad or squad2/);
  });
});
