import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDatasetRows } from '@cited/dataset-manifest';
import { BUNDLED_DATASET_FILE, readQaDataset, resolveBundledAssetsDir } from './bundled-assets';

describe('readQaDataset reads like dataset-manifest does', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cited-qa-dataset-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const lines = readFileSync(join(resolveBundledAssetsDir(), BUNDLED_DATASET_FILE), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(0, 5);

  it('accepts a byte-order mark and CRLF line ends, with the same rows', async () => {
    const file = join(dir, 'bom.jsonl');
    writeFileSync(file, `\uFEFF${lines.join('\r\n')}\r\n`);
    const rows = await readQaDataset(file);
    expect(rows.map((r) => r.id)).toEqual((await loadDatasetRows(file)).map((r) => r.id));
    expect(rows).toHaveLength(5);
  });

  it('refuses what dataset-manifest refuses (a duplicate id), naming file:line', async () => {
    const file = join(dir, 'dup.jsonl');
    writeFileSync(file, `${lines[0]}\n${lines[0]}\n`);
    await expect(readQaDataset(file)).rejects.toMatchObject({
      name: 'DspyPipelineError',
      code: 'invalid_input',
      message: expect.stringContaining(`${file}:2`),
    });
  });
});
