import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  BUNDLED_CORPUS_DIR,
  BUNDLED_DATASET_FILE,
  resolveBundledAssetsDir,
} from '@cited/dspy-pipeline';
import { cli, isolatedEnv } from '../test-fixtures/cli-harness';

jest.setTimeout(60_000);

const assets = resolveBundledAssetsDir();
const args = [
  'eval',
  '--dataset',
  join(assets, BUNDLED_DATASET_FILE),
  '--corpus',
  join(assets, BUNDLED_CORPUS_DIR),
  '--limit',
  '5',
  '--json',
];

describe('an eval whose run goes to the spool does not look like a run in MLflow', () => {
  // Port 9 (discard): nothing answers there, as when the MLflow server is away.
  const env = () => isolatedEnv('spooled', { MLFLOW_TRACKING_URI: 'http://127.0.0.1:9' });

  it('--json says spooled and where; no link to a run that is not there yet', async () => {
    const e = env();
    const r = await cli(args, e);
    expect(r.code).toBe(0);
    const j = r.json<{ runId: string | null; spooled?: boolean; spool?: string }>();
    expect(j).toMatchObject({ spooled: true, spool: e['CITED_SPOOL_DIR'] });
    expect(readdirSync(e['CITED_SPOOL_DIR'] as string).length).toBeGreaterThan(0);
    expect(r.err).not.toMatch(/#\/experiments\//);
    expect(r.err).toMatch(/run recorded in the spool .*not in MLflow yet/);
  });

  it('--require-tracking exits 3 when MLflow is away, and evaluates nothing', async () => {
    const e = env();
    const r = await cli([...args, '--require-tracking'], e);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/not reachable at http:\/\/127\.0\.0\.1:9 and --require-tracking/);
    expect(r.err).not.toMatch(/eval extractive \d+\/5/);
  });
});
