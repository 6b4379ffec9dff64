import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  makeDatasetRow,
  makeDatasetRows,
  toJsonl,
  writeDatasetFile,
} from '@cited/dataset-manifest/testing';
import { cli as runEvalRunner } from '../test-fixtures/cli-harness';

const cli = (...args: string[]) => runEvalRunner(args);
const outDir = () => mkdtempSync(join(tmpdir(), 'cited-cli-dataset-'));
jest.setTimeout(60_000);

describe('eval-runner dataset manifest', () => {
  it('writes manifest.json and a snapshot and prints the summary', async () => {
    const file = writeDatasetFile(
      makeDatasetRows(30, { train: 8, dev: 1, test: 1 }),
      'leases.jsonl',
    );
    const dir = outDir();
    const r = await cli(
      'dataset',
      'manifest',
      file,
      '--out',
      dir,
      '--version',
      'v2.0.0',
      '--name',
      'leases-qa',
    );
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Dataset leases-qa \(version v2\.0\.0\): 30 rows/);
    expect(r.out).toMatch(/train\s+24/);
    const sha = createHash('sha256').update(readFileSync(file)).digest('hex');
    expect(r.out).toContain(`jsonl sha256: ${sha}`);
    expect(r.out).toMatch(/snapshot: .*dataset\.jsonl\.gz/);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(manifest).toMatchObject({
      dataset_name: 'leases-qa',
      version: 'v2.0.0',
      jsonl_sha256: sha,
    });
    expect(readdirSync(dir).sort()).toEqual(['dataset.jsonl.gz', 'manifest.json']);
  });

  it('--json prints one object; a tiny budget gives a seeded sample and says why', async () => {
    const file = writeDatasetFile(makeDatasetRows(500, { train: 4, dev: 1 }));
    const dir = outDir();
    const r = await cli(
      'dataset',
      'manifest',
      file,
      '--out',
      dir,
      '--max-snapshot-mb',
      '0.001',
      '--seed',
      '11',
      '--sample-rate',
      '0.02',
      '--json',
    );
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines).toHaveLength(1);
    const parsed = JSON.parse(lines[0] ?? '') as {
      ok: boolean;
      manifest: {
        has_snapshot: boolean;
        sample: { rows: number; seed: string; splits: Record<string, number> };
        notes: string;
      };
    };
    expect(parsed.ok).toBe(true);
    expect(parsed.manifest.has_snapshot).toBe(false);
    expect(parsed.manifest.sample).toMatchObject({
      rows: 10,
      seed: '11',
      splits: { dev: 2, train: 8 },
    });
    expect(parsed.manifest.notes).toMatch(/Snapshot omitted/);
    expect(r.err).toMatch(/sample: .*10 rows/);
    expect(existsSync(join(dir, 'dataset.sample.jsonl'))).toBe(true);
  });

  it('exits 2 with file:line and field for an invalid dataset and writes nothing', async () => {
    const bad = JSON.stringify({ ...makeDatasetRow(2), context: [1] });
    const file = writeDatasetFile(toJsonl([makeDatasetRow(1), bad]), 'bad.jsonl');
    const dir = join(outDir(), 'out');
    const r = await cli('dataset', 'manifest', file, '--out', dir, '--json');
    expect(r.code).toBe(2);
    const parsed = JSON.parse(r.out) as { ok: boolean; error: { code: string; message: string } };
    expect(parsed.ok).toBe(false);
    expect(parsed.error.code).toBe('invalid_row');
    expect(parsed.error.message).toMatch(/bad\.jsonl:2: field "context\[0\]": expected string/);
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
  });

  it('exits 2 on bad options and a missing file', async () => {
    const file = writeDatasetFile([makeDatasetRow(1)]);
    expect((await cli('dataset', 'manifest', file)).err).toMatch(/error: --out is required/);
    const rate = await cli('dataset', 'manifest', file, '--out', outDir(), '--sample-rate', '0.5');
    expect(rate.code).toBe(2);
    expect(rate.err).toMatch(/--sample-rate must be 0\.01–0\.02/);
    const mb = await cli(
      'dataset',
      'manifest',
      file,
      '--out',
      outDir(),
      '--max-snapshot-mb',
      'lots',
    );
    expect(mb.code).toBe(2);
    expect(mb.err).toMatch(/--max-snapshot-mb must be a number/);
    const missing = await cli('dataset', 'manifest', '/nonexistent.jsonl', '--out', outDir());
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/nonexistent\.jsonl/);
  });
});

describe('eval-runner dataset validate', () => {
  it('exits 0 for a valid file', async () => {
    const r = await cli('dataset', 'validate', writeDatasetFile(makeDatasetRows(5)));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/valid, 5 rows/);
  });

  it('reports every problem with exit 2', async () => {
    const file = writeDatasetFile(
      toJsonl([
        makeDatasetRow(1),
        '{"id": oops}',
        JSON.stringify({ ...makeDatasetRow(3), split: '' }),
        makeDatasetRow(1),
      ]),
      'mixed.jsonl',
    );
    const r = await cli('dataset', 'validate', file);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/mixed\.jsonl:2: invalid JSON/);
    expect(r.out).toMatch(/mixed\.jsonl:3: field "split": must be a non-empty string/);
    expect(r.out).toMatch(/mixed\.jsonl:4: field "id": duplicate id \(first used on line 1\)/);
    expect(r.out).toMatch(/invalid, 3 problems in 4 lines/);
  });

  it('--json gives the report; --max-issues caps it', async () => {
    const file = writeDatasetFile(toJsonl(Array.from({ length: 10 }, () => 'x')));
    const r = await cli('dataset', 'validate', file, '--json', '--max-issues', '3');
    expect(r.code).toBe(2);
    const report = JSON.parse(r.out) as { ok: boolean; issues: unknown[]; truncated: boolean };
    expect(report).toMatchObject({ ok: false, truncated: true });
    expect(report.issues).toHaveLength(3);
  });
});

describe('built binary', () => {
  const main = join(__dirname, '..', '..', '..', '..', 'dist', 'apps', 'eval-runner', 'main.js');
  it('runs `dataset validate` end to end with exit code 2 on an empty file', () => {
    const r = spawnSync('node', [main, 'dataset', 'validate', writeDatasetFile('')], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/the file is empty/);
  });
});
