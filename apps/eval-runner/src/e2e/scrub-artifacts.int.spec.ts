import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { BUNDLED_CORPUS_DIR, resolveBundledAssetsDir } from '@cited/dspy-pipeline';
import type { OpenAiStubServer } from '@cited/dspy-pipeline/testing';
import type { MlflowClient } from '@cited/mlflow-client';
import { cli, isolatedEnv, testMlflowClient } from '../test-fixtures/cli-harness';
import { startLlmStub } from '../test-fixtures/llm-stub';

// Personal data and secrets planted in the dataset; none may reach MLflow or the console.
const PLANTED = [
  'jane.planted.doe@example.com',
  '415-555-0132',
  '536-22-1984',
  '4111 1111 1111 1111',
  // An international number with an extension, and a 15-digit card in an older JCB range
  // (outside the issuer tables: the word `card` decides).
  '+1-415-555-0123x678',
  'card 1800 0123 4567 899',
  'AKIAIOSFODNN7EXAMPLE',
  `sk-proj-${'Ab3dE'.repeat(10)}`,
  `ghp_${'a1B2c3D4e5'.repeat(3)}F6g7H8`,
];

function plantedDataset(dir: string): string {
  const rows = PLANTED.map((secret, i) => ({
    id: `pii-${i}`,
    split: i % 2 ? 'dev' : 'test',
    question: `How long is the security deposit return deadline for tenant ${secret}?`,
    answer: `Call ${secret} about the deposit.`,
    context: `Tenant contact: ${secret}. The deposit must be returned within the deadline.`,
    metadata: { source_ids: ['security-deposit-return-deadlines'], answers: [`contact ${secret}`] },
  }));
  const file = join(dir, 'planted.jsonl');
  writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return file;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('pii-scrub on every artifact (planted PII and secrets, baseline pipeline with an LLM double)', () => {
  let stub: OpenAiStubServer;
  let client: MlflowClient;
  let env: Record<string, string>;
  let llmEnv: Record<string, string>;

  beforeAll(async () => {
    const llm = await startLlmStub({ echoQuestion: true });
    stub = llm.stub;
    llmEnv = llm.env;
    env = isolatedEnv('scrub', llm.env);
    client = testMlflowClient();
  });
  afterAll(async () => {
    client.close();
    await stub.close();
  });

  it('uploads no planted value in any artifact, and prints none on stdout/stderr', async () => {
    const dataset = plantedDataset(env['CITED_TEST_DIR'] as string);
    const corpus = join(resolveBundledAssetsDir(), BUNDLED_CORPUS_DIR);
    const r = await cli(
      [
        'eval',
        '--pipeline',
        'baseline',
        '--dataset',
        dataset,
        '--corpus',
        corpus,
        '--concurrency',
        '3',
        '--json',
      ],
      env,
    );
    expect(r.code).toBe(0);
    const { runId, artifacts } = r.json<{ runId: string; artifacts: string[] }>();
    // The LLM really saw the planted values (the check below is not vacuous).
    expect(JSON.stringify(stub.chatRequests().map((q) => q.body))).toContain(PLANTED[0]);

    const local = mkdtempSync(join(tmpdir(), 'cited-scrub-dl-'));
    const n = await client.artifacts.downloadDir({ runId }, '', local);
    expect(n).toBeGreaterThanOrEqual(7);
    const files = filesUnder(local);
    expect(files.map((f) => f.slice(local.length + 1)).sort()).toEqual(
      expect.arrayContaining(artifacts),
    );
    let errorsText = '';
    for (const f of files) {
      const raw = readFileSync(f);
      const content = f.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
      if (f.endsWith('errors.jsonl')) errorsText = content;
      for (const secret of PLANTED)
        expect({ file: f, leaked: content.includes(secret) }).toEqual({ file: f, leaked: false });
    }
    // The error bundle holds the traces: prompts and raw outputs, redacted.
    const bundle = errorsText
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            prompts: { content: string }[];
            raw_outputs: { content: string }[];
            retrieved_passage_ids: string[];
          },
      );
    expect(bundle.length).toBeGreaterThan(0);
    expect(bundle[0]?.prompts[0]?.content).toMatch(
      /<(EMAIL|PHONE|SSN|CREDIT_CARD|AWS_ACCESS_KEY_ID|OPENAI_KEY|GITHUB_TOKEN)_\d+>/,
    );
    expect(bundle[0]?.raw_outputs.length).toBeGreaterThan(0);
    expect(bundle[0]?.retrieved_passage_ids.length).toBeGreaterThan(0);
    for (const secret of PLANTED) {
      expect(r.out).not.toContain(secret);
      expect(r.err).not.toContain(secret);
    }

    const run = await client.runs.get(runId);
    const metrics = Object.fromEntries(run.data.metrics.map((m) => [m.key, m.value]));
    expect(metrics['pii_scrub.total']).toBeGreaterThanOrEqual(PLANTED.length * 3);
    expect(metrics['pii_scrub.email']).toBeGreaterThan(0);
    const tags = Object.fromEntries(run.data.tags.map((t) => [t.key, t.value]));
    // The manifest keeps the original file's hash; the tag records the scrubbed upload's.
    const manifest = JSON.parse(readFileSync(join(local, 'dataset', 'manifest.json'), 'utf8')) as {
      jsonl_sha256: string;
    };
    expect(manifest.jsonl_sha256).toBe(
      createHash('sha256').update(readFileSync(dataset)).digest('hex'),
    );
    expect(tags['cited.dataset.uploaded_sha256']).toBe(
      createHash('sha256')
        .update(readFileSync(join(local, 'dataset', 'dataset.jsonl.gz')))
        .digest('hex'),
    );
    expect(tags['cited.dataset.scrubbed']).toBe('true');
  });

  it('spools no planted value either when MLflow is away (run name included)', async () => {
    // Port 9 (discard): nothing answers there; the run, its artifacts and its name go to the spool.
    const away = isolatedEnv('scrub-spool', {
      ...llmEnv,
      MLFLOW_TRACKING_URI: 'http://127.0.0.1:9',
    });
    const r = await cli(
      [
        'eval',
        '--pipeline',
        'baseline',
        '--dataset',
        plantedDataset(away['CITED_TEST_DIR'] as string),
        '--corpus',
        join(resolveBundledAssetsDir(), BUNDLED_CORPUS_DIR),
        '--run-name',
        `spooled ${PLANTED[4]}`,
        '--json',
      ],
      away,
    );
    expect(r.code).toBe(0);
    const files = filesUnder(away['CITED_SPOOL_DIR'] as string);
    let all = '';
    for (const f of files) {
      const raw = readFileSync(f);
      all += f.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
    }
    // Not vacuous: the spool holds the run and its scrubbed texts.
    expect(files.length).toBeGreaterThan(0);
    expect(all).toMatch(/spooled <PHONE_\d+>/);
    expect(all).toMatch(/<CREDIT_CARD_\d+>/);
    for (const secret of PLANTED)
      expect({ secret, leaked: all.includes(secret) }).toEqual({ secret, leaked: false });
  });
});
