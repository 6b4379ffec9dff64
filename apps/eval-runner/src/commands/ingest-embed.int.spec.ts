import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLED_DATASET_FILE, EmbeddedIndex, resolveBundledAssetsDir } from '@cited/dspy-pipeline';
import { startOpenAiStubServer, type OpenAiStubServer } from '@cited/dspy-pipeline/testing';
import type { MlflowClient } from '@cited/mlflow-client';
import { cli, isolatedEnv, testMlflowClient } from '../test-fixtures/cli-harness';

const dataset = join(resolveBundledAssetsDir(), BUNDLED_DATASET_FILE);

function writeCorpus(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cited-embed-corpus-'));
  writeFileSync(join(dir, 'deposit.md'), '# Deposit\n\nThe deposit is two months of rent.\n');
  writeFileSync(join(dir, 'pets.md'), '# Pets\n\nCats are allowed; dogs need written consent.\n');
  writeFileSync(
    join(dir, 'repairs.txt'),
    'Repairs\n\nReport leaks to the landlord within 48 hours.\n',
  );
  return dir;
}

describe('CITED_EMBED_MODEL: dense vectors through the OpenAI-compatible stub', () => {
  let stub: OpenAiStubServer;
  let client: MlflowClient;
  let corpus: string;
  const embedRequests = () => stub.requests.filter((r) => r.path.endsWith('/embeddings'));

  beforeAll(async () => {
    stub = await startOpenAiStubServer({ embeddingDim: 8 });
    client = testMlflowClient();
    corpus = writeCorpus();
  });
  afterAll(async () => {
    client.close();
    await stub.close();
  });

  function llmEnv(extra: Record<string, string> = {}): Record<string, string> {
    return isolatedEnv('embed', {
      CITED_LLM_PROVIDER: 'openai-compatible',
      CITED_LLM_BASE_URL: stub.baseUrl,
      CITED_LLM_MODEL: 'stub-model',
      CITED_EMBED_MODEL: 'stub-embed',
      ...extra,
    });
  }

  it('ingest embeds every chunk and persists the vectors; eval --index runs hybrid and logs the model', async () => {
    const env = llmEnv();
    const index = env['CITED_INDEX_DIR'] as string;
    const before = embedRequests().length;
    const r = await cli(['ingest', '--corpus', corpus, '--json'], env);
    expect({ code: r.code, err: r.code === 0 ? '' : r.err }).toEqual({ code: 0, err: '' });
    const j = r.json<{ embedModel: string | null; chunks: number }>();
    expect(j.embedModel).toBe('stub-embed');
    expect(j.chunks).toBe(3);

    const calls = embedRequests().slice(before);
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((c) => c.body['model'] === 'stub-embed')).toBe(true);
    const embeddedTexts = calls.flatMap((c) => {
      const input = c.body['input'];
      return Array.isArray(input) ? input : [input];
    });
    expect(embeddedTexts).toHaveLength(3);

    const loaded = await EmbeddedIndex.load(index);
    expect(loaded.embeddingModel).toBe('stub-embed');
    expect(loaded.dense?.dimensions).toBe(8);
    const record = JSON.parse(readFileSync(join(index, 'ingest.json'), 'utf8')) as {
      embedModel?: string;
    };
    expect(record.embedModel).toBe('stub-embed');

    const e = await cli(
      ['eval', '--pipeline', 'extractive', '--dataset', dataset, '--limit', '2', '--json'],
      env,
    );
    expect({ code: e.code, err: e.code === 0 ? '' : e.err }).toEqual({ code: 0, err: '' });
    const run = await client.runs.get(e.json<{ runId: string }>().runId);
    const params = Object.fromEntries(run.data.params.map((p) => [p.key, p.value]));
    expect(params).toMatchObject({
      'retriever.kind': 'embedded-hybrid',
      'retriever.embed_model': 'stub-embed',
    });
  });

  it('eval --corpus builds the in-memory index with dense vectors too', async () => {
    const env = llmEnv();
    const before = embedRequests().length;
    const e = await cli(
      [
        'eval',
        '--pipeline',
        'extractive',
        '--corpus',
        corpus,
        '--dataset',
        dataset,
        '--limit',
        '1',
        '--json',
      ],
      env,
    );
    expect({ code: e.code, err: e.code === 0 ? '' : e.err }).toEqual({ code: 0, err: '' });
    expect(embedRequests().length).toBeGreaterThan(before);
    const run = await client.runs.get(e.json<{ runId: string }>().runId);
    const params = Object.fromEntries(run.data.params.map((p) => [p.key, p.value]));
    expect(params['retriever.kind']).toBe('embedded-hybrid');
    expect(params['retriever.embed_model']).toBe('stub-embed');
  });

  it('refuses CITED_EMBED_MODEL without an LLM provider (exit 2, names both variables, writes nothing)', async () => {
    const env = isolatedEnv('embed-bad', { CITED_EMBED_MODEL: 'stub-embed' });
    const before = stub.requests.length;
    const r = await cli(['ingest', '--corpus', corpus, '--json'], env);
    expect(r.code).toBe(2);
    expect(r.err).toContain('CITED_EMBED_MODEL');
    expect(r.err).toContain('CITED_LLM_PROVIDER');
    expect(existsSync(env['CITED_INDEX_DIR'] as string)).toBe(false);
    expect(stub.requests.length).toBe(before);
  });

  it('refuses to evaluate a BM25-only index as dense, and an index of another embedding model', async () => {
    const env = llmEnv();
    const bm25Env = { ...env, CITED_EMBED_MODEL: '' };
    expect((await cli(['ingest', '--corpus', corpus], bm25Env)).code).toBe(0);
    const noDense = await cli(['eval', '--dataset', dataset, '--limit', '1'], env);
    expect(noDense.code).toBe(2);
    expect(noDense.err).toContain('has no dense vectors');

    expect((await cli(['ingest', '--corpus', corpus], env)).code).toBe(0);
    const other = await cli(['eval', '--dataset', dataset, '--limit', '1'], {
      ...env,
      CITED_EMBED_MODEL: 'other-embed',
    });
    expect(other.code).toBe(2);
    expect(other.err).toContain('"stub-embed"');
    expect(other.err).toContain('other-embed');
  });
});
