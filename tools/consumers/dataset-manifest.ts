// Uses @cited/dataset-manifest installed alone from a registry (CommonJS and ESM builds).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatasetManifest, loadDatasetRows } from '@cited/dataset-manifest';

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cited-consumer-dm-'));
  const file = join(dir, 'qa.jsonl');
  const rows = ['train', 'dev', 'dev'].map((split, i) =>
    JSON.stringify({
      id: `q${i}`,
      split,
      question: `Question ${i}?`,
      answer: `Answer ${i}.`,
      context: 'Ctx.',
    }),
  );
  writeFileSync(file, rows.join('\n') + '\n');
  const dev = await loadDatasetRows(file, { split: 'dev' });
  check(dev.length === 2, `loadDatasetRows gave ${dev.length} dev rows`);
  const { manifest } = await createDatasetManifest({ file, outDir: join(dir, 'out') });
  check(
    manifest.total_rows === 3 && manifest.splits['dev'] === 2,
    'manifest counts rows and splits',
  );
  console.log('dataset-manifest ok');
}
main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

function check(ok: boolean, what: string): asserts ok {
  if (!ok) throw new Error(`consumer check failed: ${what}`);
}
