import { runCli } from './create-program';
import { captureHost } from './test-fixtures/cli-harness';

describe('eval-runner CLI', () => {
  it('lists the commands in --help and exits 0', async () => {
    const h = captureHost();
    const code = await runCli(['node', 'eval-runner', '--help'], h.host);
    expect(code).toBe(0);
    expect(h.out()).toMatch(/Commands:/);
    expect(h.out()).toMatch(/demo/);
    expect(h.out()).toMatch(/config/);
  });

  it('exits 2 on an unknown command', async () => {
    const h = captureHost();
    expect(await runCli(['node', 'eval-runner', 'nope'], h.host)).toBe(2);
    expect(h.err()).toMatch(/unknown command 'nope'/);
  });

  it('exits 2 on an unknown option', async () => {
    const h = captureHost();
    expect(await runCli(['node', 'eval-runner', 'config', '--frobnicate'], h.host)).toBe(2);
  });

  it('prints exactly one JSON object on stdout with --json and human text on stderr', async () => {
    const h = captureHost();
    expect(await runCli(['node', 'eval-runner', 'config', '--json'], h.host)).toBe(0);
    const lines = h.out().trim().split('\n');
    expect(lines).toHaveLength(1);
    const parsed = JSON.parse(lines[0] ?? '') as {
      ok: boolean;
      config: { runner: { experimentName: string } };
    };
    expect(parsed.ok).toBe(true);
    expect(parsed.config.runner.experimentName).toBe('cited');
  });

  it('lists every command of the issue in --help', async () => {
    const h = captureHost();
    expect(await runCli(['node', 'eval-runner', '--help'], h.host)).toBe(0);
    for (const name of ['ingest', 'eval', 'optimize', 'register', 'promote', 'rollback', 'demo'])
      expect(h.out()).toMatch(new RegExp(`\\n\\s+${name}\\b`));
  });

  it('exits 2 with a clear message when a gate expression does not parse', async () => {
    const h = captureHost({ MLFLOW_TRACKING_URI: 'http://127.0.0.1:9' });
    const code = await runCli(
      [
        'node',
        'eval-runner',
        'promote',
        '--model',
        'm',
        '--version',
        '1',
        '--gate',
        'token_f1>>current',
      ],
      h.host,
    );
    expect(code).toBe(2);
    expect(h.err()).toMatch(/--gate 'token_f1>>current' does not parse/);
  });

  it('reports an invalid variable by name with exit code 2 and never echoes its value', async () => {
    const h = captureHost({ MLFLOW_TRACKING_URI: 'ftp://secret-host-value' });
    expect(await runCli(['node', 'eval-runner', 'config', '--json'], h.host)).toBe(2);
    const parsed = JSON.parse(h.out()) as { ok: boolean; error: { code: string; message: string } };
    expect(parsed.ok).toBe(false);
    expect(parsed.error.code).toBe('invalid_config');
    expect(parsed.error.message).toMatch(/MLFLOW_TRACKING_URI/);
    expect(h.out() + h.err()).not.toMatch(/secret-host-value/);
  });

  it('masks credentials in `config`', async () => {
    const h = captureHost({
      MLFLOW_TRACKING_TOKEN: 'tok-123456',
      CITED_LLM_PROVIDER: 'openai',
      CITED_LLM_MODEL: 'gpt-x',
      CITED_LLM_API_KEY: 'sk-abcdef',
    });
    expect(await runCli(['node', 'eval-runner', 'config', '--json'], h.host)).toBe(0);
    expect(h.out()).not.toMatch(/tok-123456|sk-abcdef/);
    const parsed = JSON.parse(h.out()) as {
      config: { mlflow: { token: string }; llm: { apiKey: string; model: string } };
    };
    expect(parsed.config.mlflow.token).toBe('set');
    expect(parsed.config.llm.apiKey).toBe('set');
    expect(parsed.config.llm.model).toBe('gpt-x');
  });
});
