import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BUNDLED_CORPUS_DIR,
  BUNDLED_DATASET_FILE,
  resolveBundledAssetsDir,
} from '@cited/dspy-pipeline';
import { cli, isolatedEnv, testMlflowClient, testMlflowUri } from '../test-fixtures/cli-harness';

jest.setTimeout(60_000);

// Personal data typed on the command line: in the run name, the experiment name and the
// dataset's file name. None may reach MLflow.
const IN_RUN_NAME = ['ana.planted@example.com', '+1-415-555-0123x678'];
const IN_EXPERIMENT = 'bo.planted@example.org';
const IN_FILE_NAME = 'cy.planted@example.net';
const NEEDLES = [...IN_RUN_NAME, IN_EXPERIMENT, IN_FILE_NAME];

/** A GET on MLflow's own REST API (not through Cited's client). */
async function mlflow(path: string, query: Record<string, string>): Promise<string> {
  const url = new URL(`/api/2.0/mlflow/${path}`, testMlflowUri());
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  const res = await fetch(url);
  expect(res.status).toBe(200);
  return res.text();
}

describe('names given on the command line are scrubbed before they reach MLflow', () => {
  it('run name, experiment name and dataset file name: not in the run, its inputs or the manifest', async () => {
    const env = isolatedEnv('cli-names');
    const assets = resolveBundledAssetsDir();
    const dir = mkdtempSync(join(tmpdir(), 'cited-cli-names-'));
    const dataset = join(dir, `qa ${IN_FILE_NAME}.jsonl`);
    copyFileSync(join(assets, BUNDLED_DATASET_FILE), dataset);
    const experiment = `${env['MLFLOW_EXPERIMENT_NAME']} ${IN_EXPERIMENT}`;
    const r = await cli(
      [
        'eval',
        '--dataset',
        dataset,
        '--corpus',
        join(assets, BUNDLED_CORPUS_DIR),
        '--limit',
        '4',
        '--run-name',
        `nightly ${IN_RUN_NAME.join(' ')}`,
        '--experiment',
        experiment,
        '--json',
      ],
      env,
    );
    expect(r.code).toBe(0);
    const { runId } = r.json<{ runId: string }>();

    const run = JSON.parse(await mlflow('runs/get', { run_id: runId })) as {
      run: {
        info: { run_name: string; experiment_id: string };
        inputs: { dataset_inputs: Array<{ dataset: { name: string; source: string } }> };
      };
    };
    // Not vacuous: the run, its inputs and its experiment are there, under scrubbed names.
    expect(run.run.info.run_name).toMatch(/^nightly <EMAIL_1> <PHONE_1>$/);
    const input = run.run.inputs.dataset_inputs[0]?.dataset;
    expect(input?.name).toBe('qa <EMAIL_1>');
    // The source is the uploaded snapshot's download URL: no local path at all.
    expect(JSON.parse(input?.source ?? '{}')).toEqual({
      url: expect.stringMatching(/\/get-artifact\?path=dataset%2F[\w.]+&run_uuid=/),
    });
    const exp = await mlflow('experiments/get', { experiment_id: run.run.info.experiment_id });
    expect(JSON.parse(exp).experiment.name).toBe(`${env['MLFLOW_EXPERIMENT_NAME']} <EMAIL_1>`);

    const client = testMlflowClient();
    try {
      const local = mkdtempSync(join(tmpdir(), 'cited-cli-names-dl-'));
      await client.artifacts.downloadDir({ runId }, 'dataset', local);
      const manifest = readFileSync(join(local, 'manifest.json'), 'utf8');
      // The path is kept in the manifest, scrubbed.
      expect((JSON.parse(manifest) as { source_uri: string }).source_uri).toContain('<EMAIL_1>');
      for (const text of [JSON.stringify(run), exp, manifest])
        for (const needle of NEEDLES)
          expect({ needle, leaked: text.includes(needle) }).toEqual({ needle, leaked: false });
    } finally {
      client.close();
    }
  });
});
