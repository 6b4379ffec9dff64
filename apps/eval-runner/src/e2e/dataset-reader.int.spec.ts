import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BUNDLED_CORPUS_DIR,
  BUNDLED_DATASET_FILE,
  resolveBundledAssetsDir,
} from '@cited/dspy-pipeline';
import { cli, isolatedEnv } from '../test-fixtures/cli-harness';

jest.setTimeout(120_000);

describe('one dataset reader for every command', () => {
  it('eval accepts the byte-order mark that dataset validate and dataset manifest accept', async () => {
    const env = isolatedEnv('bom');
    const lines = readFileSync(join(resolveBundledAssetsDir(), BUNDLED_DATASET_FILE), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .slice(0, 12);
    // What Windows editors write: UTF-8 with a BOM, CRLF line ends.
    const file = join(env['CITED_TEST_DIR'] as string, 'bom.jsonl');
    writeFileSync(file, `\uFEFF${lines.join('\r\n')}\r\n`);

    const validate = await cli(['dataset', 'validate', file, '--json'], env);
    expect(validate.code).toBe(0);
    const manifest = await cli(
      ['dataset', 'manifest', file, '--out', join(env['CITED_TEST_DIR'] as string, 'm'), '--json'],
      env,
    );
    expect(manifest.code).toBe(0);
    const corpus = join(resolveBundledAssetsDir(), BUNDLED_CORPUS_DIR);
    const evaluated = await cli(['eval', '--dataset', file, '--corpus', corpus, '--json'], env);
    expect(evaluated.err).not.toMatch(/error:/);
    expect(evaluated.code).toBe(0);
    expect(evaluated.json<{ counts: { examples: number } }>().counts.examples).toBe(12);
  });
});
