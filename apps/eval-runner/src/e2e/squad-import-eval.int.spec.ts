import { join } from 'node:path';
import { cli, isolatedEnv, testMlflowClient } from '../test-fixtures/cli-harness';

// Two SQuAD v1.1 articles (CC BY-SA 4.0; attribution in its README next to it).
const EXCERPT = join(
  __dirname,
  '../../../../libs/dataset-manifest/src/test-fixtures/squad-excerpt.json',
);

jest.setTimeout(120_000);

interface EvalJson {
  runId: string;
  metrics: Record<string, number>;
  perSplit: Record<string, Record<string, number>>;
  counts: { examples: number; abstained: number };
}

describe('SQuAD through the CLI: import, ingest, eval, eval --hold-out-gold', () => {
  it('logs answer_contains_gold overall and per split, and abstains with the gold article hidden', async () => {
    const env = isolatedEnv('squad');
    const data = join(env['CITED_TEST_DIR'] as string, 'squad');
    const imported = await cli(
      ['dataset', 'import', '--format', 'squad', EXCERPT, '--out', data, '--json'],
      env,
    );
    expect(imported.code).toBe(0);
    const ingest = await cli(['ingest', '--corpus', join(data, 'corpus.jsonl'), '--json'], env);
    expect(ingest.code).toBe(0);
    const dataset = join(data, 'qa.jsonl');

    const answered = await cli(['eval', '--dataset', dataset, '--no-traces', '--json'], env);
    expect({ code: answered.code, err: answered.code === 0 ? '' : answered.err }).toEqual({
      code: 0,
      err: '',
    });
    const a = answered.json<EvalJson>();
    expect(a.counts.examples).toBe(13);
    expect(a.metrics['answer_contains_gold']).toBeGreaterThan(0);
    const client = testMlflowClient();
    const run = await client.runs.get(a.runId);
    const logged = Object.fromEntries(run.data.metrics.map((m) => [m.key, m.value]));
    expect(logged['answer_contains_gold']).toBeCloseTo(a.metrics['answer_contains_gold'] ?? -1, 10);
    // Splits by article: Normans is test, Steam_engine dev.
    expect(logged['test/answer_contains_gold']).toBeCloseTo(
      a.perSplit['test']?.['answer_contains_gold'] ?? -1,
      10,
    );
    expect(logged['dev/answer_contains_gold']).toBeDefined();

    const held = await cli(
      ['eval', '--dataset', dataset, '--hold-out-gold', '--no-traces', '--json'],
      env,
    );
    expect(held.code).toBe(0);
    const h = held.json<EvalJson>();
    expect(h.counts.examples).toBe(13);
    // Unanswerable now: abstention accuracy is the share that abstained.
    expect(h.metrics['abstention_accuracy']).toBeCloseTo(h.counts.abstained / 13, 10);
    expect(h.counts.abstained / 13).toBeGreaterThanOrEqual(0.8);
    const heldRun = await client.runs.get(h.runId);
    const tags = Object.fromEntries(heldRun.data.tags.map((t) => [t.key, t.value]));
    expect(tags['cited.eval.hold_out_gold']).toBe('true');
  });
});
