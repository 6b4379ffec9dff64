import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { makeDatasetRow, makeDatasetRows, toJsonl, writeDatasetFile } from '../../testing';
import { createDatasetManifest } from './create-dataset-manifest';
import { datasetManifestSchema } from './dataset-manifest.schema';
import { readDatasetManifest } from './read-manifest';

// Files of 10–20 MB are scanned several times; shared CI cores can make that slow.
jest.setTimeout(120_000);

const outDir = () => mkdtempSync(join(tmpdir(), 'cited-manifest-out-'));
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const clock = () => new Date('2026-01-02T03:04:05.000Z');

function tinyRows(total: number, weights: Record<string, number>): string {
  // Small rows keep the 100k-row files of the cap test quick to scan.
  const lines: string[] = [];
  const names = Object.keys(weights);
  const sum = names.reduce((n, s) => n + (weights[s] ?? 0), 0);
  for (let i = 0; i < total; i++) {
    let pick = i % sum;
    let split = names[0] ?? 'train';
    for (const s of names) {
      if (pick < (weights[s] ?? 0)) {
        split = s;
        break;
      }
      pick -= weights[s] ?? 0;
    }
    lines.push(`{"id":"r${i}","split":"${split}","question":"q${i}","answer":"a","context":""}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A file whose gzip output is large: random hex strings do not compress below ~55%. */
function incompressible(rows: number): string {
  return toJsonl(
    Array.from({ length: rows }, (_, i) =>
      makeDatasetRow(i, {
        split: i % 4 === 0 ? 'dev' : 'train',
        context: randomBytes(600).toString('hex'),
      }),
    ),
  );
}

describe('createDatasetManifest', () => {
  it('writes a valid manifest and a gzip snapshot whose content is the file', async () => {
    const rows = makeDatasetRows(40, { train: 6, dev: 2, test: 2 });
    const file = writeDatasetFile(rows, 'qa.jsonl');
    const dir = outDir();
    const r = await createDatasetManifest({ file, outDir: dir, now: clock });
    const bytes = readFileSync(file);
    const m = datasetManifestSchema.parse(
      JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')),
    );
    expect(m).toEqual(r.manifest);
    expect(m.jsonl_sha256).toBe(sha256(bytes));
    expect(m.jsonl_bytes).toBe(bytes.length);
    expect(m).toMatchObject({
      dataset_name: 'qa',
      created_at: '2026-01-02T03:04:05.000Z',
      total_rows: 40,
      splits: { dev: 8, test: 8, train: 24 },
      has_snapshot: true,
      snapshot_path: 'dataset.jsonl.gz',
      sample_path: null,
      sample: null,
    });
    const gz = readFileSync(join(dir, 'dataset.jsonl.gz'));
    expect(m.gzip_sha256).toBe(sha256(gz));
    expect(gunzipSync(gz).equals(bytes)).toBe(true);
    expect(m.schema_sample).toMatchObject({ id: ['string'], context: ['array<string>'] });
    expect(m.mlflow_dataset.digest).toBe(m.jsonl_sha256.slice(0, 16));
    expect(m.mlflow_dataset.digest.length).toBeLessThanOrEqual(36);
    expect(JSON.parse(m.mlflow_dataset.profile)).toEqual({ num_rows: 40, splits: m.splits });
    expect(JSON.parse(m.mlflow_dataset.source)).toEqual({ uri: m.source_uri });
    expect(m.source_uri).toMatch(/^file:\/\/.*qa\.jsonl$/);
    expect(m.version).toBe('unversioned');
    expect(readdirSync(dir).sort()).toEqual(['dataset.jsonl.gz', 'manifest.json']);
    expect(await readDatasetManifest(dir)).toEqual(m);
  });

  it('hashes a multi-chunk file exactly like an independent SHA-256 of the whole file', async () => {
    const file = writeDatasetFile(incompressible(4000));
    const r = await createDatasetManifest({ file, outDir: outDir() });
    expect(readFileSync(file).length).toBeGreaterThan(3 << 20);
    expect(r.manifest.jsonl_sha256).toBe(sha256(readFileSync(file)));
  });

  it('stops compressing as soon as the budget is exceeded and writes a sample instead', async () => {
    const file = writeDatasetFile(incompressible(14_000));
    const size = readFileSync(file).length;
    expect(size).toBeGreaterThan(16 << 20);
    const dir = outDir();
    const r = await createDatasetManifest({ file, outDir: dir, maxSnapshotBytes: 64 * 1024 });
    expect(r.snapshot).toMatchObject({ emitted: false, stopped: 'over_budget' });
    // Input queued for gzip is bounded (4 MiB write queue + one 1 MiB read): far from 16 MiB.
    expect(r.snapshot.inputBytes).toBeLessThan(6 << 20);
    expect(r.manifest).toMatchObject({
      has_snapshot: false,
      gzip_sha256: null,
      snapshot_path: null,
      sample_path: 'dataset.sample.jsonl',
    });
    expect(r.manifest.notes).toMatch(/Snapshot omitted: .*65536-byte budget/);
    expect(readdirSync(dir).sort()).toEqual(['dataset.sample.jsonl', 'manifest.json']);
    const sample = readFileSync(join(dir, 'dataset.sample.jsonl'));
    expect(r.manifest.sample?.sha256).toBe(sha256(sample));
    const lines = sample.toString('utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(140);
    const original = new Set(readFileSync(file, 'utf8').split('\n'));
    for (const line of lines) expect(original.has(line)).toBe(true);
  });

  it('is deterministic: same seed, same bytes; another seed, another sample', async () => {
    const file = writeDatasetFile(tinyRows(20_000, { train: 8, dev: 1, test: 1 }));
    const run = async (seed: string, budget = 1024) => {
      const dir = outDir();
      await createDatasetManifest({
        file,
        outDir: dir,
        seed,
        maxSnapshotBytes: budget,
        sampleRate: 0.02,
      });
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<
        string,
        unknown
      >;
      delete manifest['created_at'];
      const artifact = existsSync(join(dir, 'dataset.sample.jsonl'))
        ? readFileSync(join(dir, 'dataset.sample.jsonl'))
        : readFileSync(join(dir, 'dataset.jsonl.gz'));
      return { manifest: JSON.stringify(manifest), artifact };
    };
    const a = await run('7');
    const b = await run('7');
    const c = await run('8');
    expect(b.manifest).toBe(a.manifest);
    expect(b.artifact.equals(a.artifact)).toBe(true);
    expect(c.artifact.equals(a.artifact)).toBe(false);
    const full1 = await run('7', 100 << 20);
    const full2 = await run('7', 100 << 20);
    expect(full2.artifact.equals(full1.artifact)).toBe(true);
    expect(full2.manifest).toBe(full1.manifest);
  });

  it('stratifies the sample proportionally with at least one row per split', async () => {
    const file = writeDatasetFile(tinyRows(10_000, { train: 70, dev: 20, test: 9, rare: 1 }));
    const dir = outDir();
    const r = await createDatasetManifest({
      file,
      outDir: dir,
      maxSnapshotBytes: 0,
      sampleRate: 0.02,
    });
    expect(r.manifest.splits).toEqual({ dev: 2000, rare: 100, test: 900, train: 7000 });
    expect(r.manifest.sample?.splits).toEqual({ dev: 40, rare: 2, test: 18, train: 140 });
    const counts: Record<string, number> = {};
    for (const line of readFileSync(join(dir, 'dataset.sample.jsonl'), 'utf8')
      .trimEnd()
      .split('\n')) {
      const split = (JSON.parse(line) as { split: string }).split;
      counts[split] = (counts[split] ?? 0) + 1;
    }
    expect(counts).toEqual(r.manifest.sample?.splits);

    const few = writeDatasetFile(tinyRows(1000, { train: 999, dev: 1 }));
    const r2 = await createDatasetManifest({ file: few, outDir: outDir(), maxSnapshotBytes: 0 });
    expect(r2.manifest.sample?.splits).toEqual({ dev: 1, train: 9 });
  });

  it('caps the sample at 1000 rows', async () => {
    const file = writeDatasetFile(tinyRows(120_000, { train: 3, dev: 1 }));
    const dir = outDir();
    const r = await createDatasetManifest({
      file,
      outDir: dir,
      maxSnapshotBytes: 0,
      sampleRate: 0.02,
    });
    expect(r.manifest.total_rows).toBe(120_000);
    expect(r.manifest.sample).toMatchObject({
      rows: 1000,
      splits: { dev: 250, train: 750 },
      cap: 1000,
    });
    const lines = readFileSync(join(dir, 'dataset.sample.jsonl'), 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(1000);
  });

  it('writes nothing when the dataset is invalid, and names file:line and field', async () => {
    const bad = JSON.stringify({ ...makeDatasetRow(2), answer: 42 });
    const file = writeDatasetFile(toJsonl([makeDatasetRow(1), bad]), 'bad.jsonl');
    const dir = outDir();
    writeFileSync(join(dir, 'manifest.json'), 'previous');
    const error = await createDatasetManifest({ file, outDir: dir }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid_row' });
    expect((error as Error).message).toMatch(
      /bad\.jsonl:2: field "answer": expected string, got number/,
    );
    expect(readdirSync(dir)).toEqual(['manifest.json']);
    expect(readFileSync(join(dir, 'manifest.json'), 'utf8')).toBe('previous');
  });

  it('rejects out-of-range options by name', async () => {
    const file = writeDatasetFile([makeDatasetRow(1)]);
    await expect(
      createDatasetManifest({ file, outDir: outDir(), sampleRate: 0.5 }),
    ).rejects.toMatchObject({
      code: 'invalid_config',
      message: expect.stringMatching(/sampleRate/),
    });
  });

  it('removes the other artifact of an earlier run so the directory matches its manifest', async () => {
    const file = writeDatasetFile(makeDatasetRows(200, { train: 1 }));
    const dir = outDir();
    await createDatasetManifest({ file, outDir: dir, maxSnapshotBytes: 0 });
    expect(readdirSync(dir).sort()).toEqual(['dataset.sample.jsonl', 'manifest.json']);
    await createDatasetManifest({ file, outDir: dir });
    expect(readdirSync(dir).sort()).toEqual(['dataset.jsonl.gz', 'manifest.json']);
  });

  it('versions a file by its git commit, and calls a modified file unversioned', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'cited-repo-'));
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
        cwd: repo,
        encoding: 'utf8',
      }).trim();
    git('init', '-q');
    const file = writeDatasetFile(makeDatasetRows(3), 'data.jsonl', repo);
    const untracked = await createDatasetManifest({ file, outDir: outDir() });
    expect(untracked.manifest.version).toBe('unversioned');
    expect(untracked.manifest.notes).toMatch(/not tracked by git/);
    git('add', 'data.jsonl');
    git('commit', '-q', '-m', 'data');
    const clean = await createDatasetManifest({ file, outDir: outDir() });
    expect(clean.manifest.version).toBe(git('log', '-1', '--format=%H', '--', 'data.jsonl'));
    expect(clean.manifest.source_uri).toBe('data.jsonl');
    expect(clean.manifest.notes).toBe('');
    writeFileSync(file, toJsonl(makeDatasetRows(4)));
    const dirty = await createDatasetManifest({ file, outDir: outDir() });
    expect(dirty.manifest.version).toBe('unversioned');
    expect(dirty.manifest.notes).toMatch(/uncommitted changes/);
    const tagged = await createDatasetManifest({
      file,
      outDir: outDir(),
      version: 'v1.2.0',
      name: 'leases',
      sourceUri: 's3://bucket/leases.jsonl',
    });
    expect(tagged.manifest).toMatchObject({
      version: 'v1.2.0',
      dataset_name: 'leases',
      source_uri: 's3://bucket/leases.jsonl',
    });
    expect(tagged.manifest.mlflow_dataset.source_type).toBe('s3');
  });
});
