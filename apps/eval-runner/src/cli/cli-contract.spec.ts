import { join } from 'node:path';
import { cli } from '../test-fixtures/cli-harness';

// Nothing listens on port 9: a command that reached MLflow would fail differently (exit 3 or a
// spooled run), so an exit 2 naming the option proves the check ran before any work.
const env = { MLFLOW_TRACKING_URI: 'http://127.0.0.1:9', CITED_MLFLOW_MANAGED: 'false' };
const dataset = join(__dirname, '../../../../libs/dspy-pipeline/assets/datasets/rental-qa.jsonl');

describe('CLI contract', () => {
  it.each([
    [['promote', '--model', 'm'], '--version is required'],
    [['promote', '--version', '1'], '--model is required'],
    [['register', '--model', 'm'], '--run is required'],
    [['rollback'], '--model is required'],
    [['eval'], '--dataset is required'],
    [['optimize'], '--dataset is required'],
    [['ingest'], '--corpus is required'],
    [['pii', 'scrub', 'in.txt'], '--out is required'],
    [['dataset', 'manifest', 'in.jsonl'], '--out is required'],
  ])('%j without a required option: exit 2, "%s"', async (args, message) => {
    const r = await cli(args, env);
    expect(r.code).toBe(2);
    expect(r.err.trim()).toBe(`error: ${message}`);
  });

  it.each([
    ['promote', ['--model', '--version'], ['--alias', '--gate']],
    ['register', ['--run', '--model'], []],
    ['eval', ['--dataset'], ['--fail-under', '--split']],
    ['ingest', ['--corpus'], ['--index']],
  ])('`%s --help` marks required options', async (command, required, optional) => {
    const r = await cli([command, '--help'], env);
    const help = r.out + r.err;
    const line = (flag: string) => help.split('\n').find((l) => l.trimStart().startsWith(flag));
    for (const flag of required) expect(line(flag)).toMatch(/^\s+--\S+( <[^>]+>)?\s+\(required\) /);
    for (const flag of optional) expect(line(flag)).not.toMatch(/\(required\)/);
  });

  it('promote --gate with an unknown metric: exit 2 with a suggestion, before contacting MLflow', async () => {
    const t0 = Date.now();
    const r = await cli(
      ['promote', '--model', 'm', '--version', '1', '--gate', 'tokn_f1>=0.5'],
      env,
    );
    expect(r.code).toBe(2);
    expect(r.err).toContain("--gate: unknown metric 'tokn_f1'; did you mean token_f1?");
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('eval --fail-under with an unknown metric: exit 2 before evaluating anything', async () => {
    const r = await cli(
      ['eval', '--dataset', dataset, '--fail-under', 'dev/groundednes=0.9', '--json'],
      env,
    );
    expect(r.code).toBe(2);
    expect(r.err).toContain('did you mean dev/groundedness?');
    // The only stdout line is the --json error: no run, no metrics.
    expect(r.json()).toEqual({ ok: false, error: { code: 'usage', message: expect.any(String) } });
  });

  it('config without --json prints a table; with --json the object', async () => {
    const human = await cli(['config'], env);
    expect(human.code).toBe(0);
    expect(human.out).toMatch(/^setting\s+value\n/);
    expect(human.out).toMatch(/\nmlflow\.trackingUri\s+http:\/\/127\.0\.0\.1:9\n/);
    const json = await cli(['config', '--json'], env);
    expect(json.json()).toMatchObject({
      ok: true,
      config: { mlflow: { trackingUri: 'http://127.0.0.1:9' } },
    });
  });
});
