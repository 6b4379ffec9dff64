import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadBundledCorpus, loadBundledDataset, resolveBundledAssetsDir } from './bundled-assets';

describe('bundled sample', () => {
  it('finds the assets from the source tree and from any cwd inside the repo', () => {
    const expected = resolve(__dirname, '../../../assets');
    expect(resolveBundledAssetsDir()).toBe(expected);
    expect(
      resolveBundledAssetsDir(undefined, resolve(__dirname, '../../../../../dist/apps/x')),
    ).toBe(expected);
    expect(resolveBundledAssetsDir(expected)).toBe(expected);
  });

  it('names where it looked when an explicit directory is wrong', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'cited-assets-'));
    try {
      expect(() => resolveBundledAssetsDir(empty)).toThrow(/bundled sample assets not found/);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('has 40+ documents and 200+ questions whose sources exist, with unanswerable ones', async () => {
    const { documents, chunks } = await loadBundledCorpus();
    expect(documents.length).toBeGreaterThanOrEqual(40);
    expect(chunks.every((c) => c.tenantId === 'default')).toBe(true);
    const rows = await loadBundledDataset();
    expect(rows.length).toBeGreaterThanOrEqual(200);
    const ids = new Set(documents.map((d) => d.id));
    for (const r of rows)
      for (const s of r.metadata?.source_ids ?? []) expect(ids.has(s)).toBe(true);
    expect(rows.filter((r) => r.metadata?.source_ids?.length === 0).length).toBeGreaterThanOrEqual(
      20,
    );
    expect(new Set(rows.map((r) => r.split))).toEqual(new Set(['train', 'dev', 'test']));
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
  });
});
