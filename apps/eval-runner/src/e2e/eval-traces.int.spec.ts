import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BUNDLED_CORPUS_DIR,
  BUNDLED_DATASET_FILE,
  resolveBundledAssetsDir,
} from '@cited/dspy-pipeline';
import type { OpenAiStubServer, StubChatReply } from '@cited/dspy-pipeline/testing';
import { readTracesWithPython, type PythonTrace } from '@cited/mlflow-client/testing';
import { cli, isolatedEnv, testMlflowUri } from '../test-fixtures/cli-harness';
import { scriptedReply, startLlmStub } from '../test-fixtures/llm-stub';

const assets = resolveBundledAssetsDir();
const corpus = join(assets, BUNDLED_CORPUS_DIR);
const bundled = readFileSync(join(assets, BUNDLED_DATASET_FILE), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as Record<string, unknown> & { question: string });

// Planted in questions and gold answers: none may appear in any trace or assessment.
const PLANTED = ['maria.planted@example.com', '415-555-0199', 'AKIAIOSFODNN7EXAMPLE'];

/** Six rows: three bundled questions with a planted value added, three as they are. */
function dataset(dir: string, failing = false): string {
  const rows = bundled.slice(0, 6).map((r, i) => ({
    ...r,
    id: `row-${i}`,
    question:
      i < 3
        ? `${r.question} Reply to ${PLANTED[i] ?? ''}.`
        : failing && i === 5
          ? `${r.question} FAILME`
          : r.question,
    answer: i < 3 ? `${String(r.answer)} (${PLANTED[i] ?? ''})` : r.answer,
  }));
  const file = join(dir, 'traced.jsonl');
  writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return file;
}

type EvalJson = {
  runId: string;
  experimentId: string;
  counts: { examples: number; errors: number };
};

const tree = (t: PythonTrace) => {
  const root = t.spans.find((s) => s.parentId === null);
  return [root?.name, ...t.spans.filter((s) => s.parentId === root?.spanId).map((s) => s.name)];
};

describe('eval: one MLflow trace per example, read back with MLflow’s Python client', () => {
  let stub: OpenAiStubServer;
  let llmEnv: Record<string, string>;

  beforeAll(async () => {
    const echo = scriptedReply({ echoQuestion: true });
    const s = await startLlmStub({
      reply: (body): StubChatReply | string =>
        JSON.stringify(body).includes('FAILME') ? { status: 500 } : echo(body),
    });
    stub = s.stub;
    llmEnv = { ...s.env, CITED_LLM_TIMEOUT_MS: '2000' };
  });
  afterAll(() => stub.close());

  it('dspy: retrieve → reason → verify per example, scores and gold data as assessments, a failed example as an ERROR trace, no planted value anywhere', async () => {
    const env = isolatedEnv('traces-dspy', llmEnv);
    const file = dataset(env['CITED_TEST_DIR'] as string, true);
    const r = await cli(
      [
        'eval',
        '--pipeline',
        'dspy',
        '--corpus',
        corpus,
        '--dataset',
        file,
        '--concurrency',
        '3',
        '--json',
      ],
      env,
    );
    expect({ code: r.code, err: r.code === 0 ? '' : r.err }).toEqual({ code: 0, err: '' });
    const j = r.json<EvalJson>();
    expect(j.counts).toMatchObject({ examples: 6, errors: 1 });
    const traces = await readTracesWithPython(testMlflowUri(), {
      runId: j.runId,
      experimentId: j.experimentId,
    });
    expect(traces).toHaveLength(6);
    const byExample = new Map(traces.map((t) => [t.tags['cited.example.id'], t]));
    const ok = byExample.get('row-3') as PythonTrace;
    expect(ok.state).toBe('OK');
    expect(tree(ok)).toEqual(['answer', 'retrieve', 'reason', 'verify']);
    expect(ok.tags).toMatchObject({
      'cited.pipeline': 'dspy',
      'cited.kind': 'eval',
      'cited.tenant': 'default',
    });
    expect(ok.tags['cited.dataset.digest']).toMatch(/^[0-9a-f]+$/);
    expect(ok.tags['cited.program.id']).toMatch(/^[0-9a-f]{12}$/);
    expect(ok.metadata['mlflow.sourceRun']).toBe(j.runId);
    const retrieve = ok.spans.find((s) => s.name === 'retrieve');
    expect(retrieve?.spanType).toBe('RETRIEVER');
    expect(
      (retrieve?.outputs as { page_content: string }[])[0]?.page_content.length,
    ).toBeGreaterThan(20);
    const reason = ok.spans.find((s) => s.name === 'reason');
    expect(reason?.spanType).toBe('CHAT_MODEL');
    expect((reason?.inputs as { messages: unknown[] }).messages.length).toBeGreaterThan(1);
    expect(reason?.tokenUsage?.total_tokens).toBeGreaterThan(0);
    const names = ok.assessments.map((a) => `${a.kind}:${a.name}`).sort();
    expect(names).toEqual(
      expect.arrayContaining([
        'feedback:token_f1',
        'feedback:exact_match',
        'feedback:verdict',
        'feedback:abstention_correct',
        'expectation:expected_response',
        'expectation:expected_sources',
      ]),
    );
    const f1 = ok.assessments.find((a) => a.name === 'token_f1');
    expect(f1).toMatchObject({ sourceType: 'CODE', sourceId: 'cited.eval-runner' });
    expect(typeof f1?.value).toBe('number');
    const failed = byExample.get('row-5') as PythonTrace;
    expect(failed.state).toBe('ERROR');
    expect(failed.tags['cited.error_code']).toMatch(/^llm_/);
    expect(tree(failed)).toEqual(['answer', 'retrieve', 'reason']);
    const everything = JSON.stringify(traces);
    for (const v of PLANTED) expect(everything).not.toContain(v);
  });

  it('extractive: retrieve → extract → verify; --no-traces writes none', async () => {
    const env = isolatedEnv('traces-extractive');
    const file = dataset(env['CITED_TEST_DIR'] as string);
    const r = await cli(['eval', '--corpus', corpus, '--dataset', file, '--json'], env);
    expect(r.code).toBe(0);
    const j = r.json<EvalJson>();
    const traces = await readTracesWithPython(testMlflowUri(), {
      runId: j.runId,
      experimentId: j.experimentId,
    });
    expect(traces).toHaveLength(6);
    for (const t of traces) expect(tree(t)).toEqual(['answer', 'retrieve', 'extract', 'verify']);
    const off = await cli(
      ['eval', '--corpus', corpus, '--dataset', file, '--no-traces', '--json'],
      env,
    );
    expect(off.code).toBe(0);
    const none = off.json<EvalJson>();
    expect(
      await readTracesWithPython(testMlflowUri(), {
        runId: none.runId,
        experimentId: none.experimentId,
      }),
    ).toEqual([]);
  });

  it('MLflow away: the traces go into the spool with the run; mlflow sync replays them exactly once', async () => {
    const env = isolatedEnv('traces-spool', { MLFLOW_TRACKING_URI: 'http://127.0.0.1:9' });
    const file = dataset(env['CITED_TEST_DIR'] as string);
    const r = await cli(['eval', '--corpus', corpus, '--dataset', file, '--json'], env);
    expect(r.code).toBe(0);
    const spool = env['CITED_SPOOL_DIR'] as string;
    const [entry] = readdirSync(spool).filter((n) => !n.startsWith('.'));
    const spooled = JSON.parse(readFileSync(join(spool, entry as string, 'run.json'), 'utf8')) as {
      traces?: { count: number };
    };
    expect(spooled.traces?.count).toBe(6);
    const online = { ...env, MLFLOW_TRACKING_URI: testMlflowUri() };
    const sync = await cli(['mlflow', 'sync', '--json'], online);
    expect(sync.code).toBe(0);
    const s = sync.json<{ synced: number; results: { runId: string; traces: number }[] }>();
    expect(s.synced).toBe(1);
    expect(s.results[0]?.traces).toBe(6);
    expect(
      (await cli(['mlflow', 'sync', '--json'], online)).json<{ synced: number }>().synced,
    ).toBe(0);
    const experimentId = (
      await fetch(
        `${testMlflowUri()}/api/2.0/mlflow/experiments/get-by-name?experiment_name=${env['MLFLOW_EXPERIMENT_NAME'] ?? ''}`,
      ).then((res) => res.json() as Promise<{ experiment: { experiment_id: string } }>)
    ).experiment.experiment_id;
    const traces = await readTracesWithPython(testMlflowUri(), {
      runId: s.results[0]?.runId ?? '',
      experimentId,
    });
    expect(traces).toHaveLength(6);
    expect(new Set(traces.map((t) => t.tags['cited.example.id'])).size).toBe(6);
  });
});
