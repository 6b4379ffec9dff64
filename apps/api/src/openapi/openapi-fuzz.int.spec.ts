import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { REPO_ROOT, isHealthy, startBuiltApi, type BuiltApi } from '../test-fixtures/built-api';

const TOOL = resolve(REPO_ROOT, 'tools/fuzz-api.mjs');
const REPORTS = resolve(REPO_ROOT, 'tmp/test-artifacts');

/** Runs `node tools/fuzz-api.mjs …`; resolves with its exit code and combined output. */
function runTool(args: string[], timeoutMs: number): Promise<{ code: number; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [TOOL, ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`fuzz-api.mjs ${args.join(' ')} ran over ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.once('error', fail);
    child.once('exit', (code) => {
      clearTimeout(timer);
      done({ code: code ?? 1, output });
    });
  });
}

/** Counts of the JUnit report schemathesis writes (one test case per operation). */
function junitCounts(file: string): { cases: number; failures: number; errors: number } {
  const xml = readFileSync(file, 'utf8');
  return {
    cases: (xml.match(/<testcase\b/g) ?? []).length,
    failures: (xml.match(/<failure\b/g) ?? []).length,
    errors: (xml.match(/<error\b/g) ?? []).length,
  };
}

// schemathesis (PyPI, `.cited/venv-fuzz`) against /openapi.json of the built API: every
// operation, a bounded number of generated cases; any 5xx, undocumented status code, content
// type, header or body, accepted invalid input, refused valid input or ignored auth fails it.
describe('schemathesis against /openapi.json of the built API', () => {
  const dirs: string[] = [];

  beforeAll(async () => {
    // First run on a machine: creates the venv and installs the pinned schemathesis.
    const install = await runTool(['install'], 540_000);
    if (install.code !== 0) throw new Error(`installing schemathesis failed:\n${install.output}`);
  }, 600_000);

  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  async function fuzz(
    name: string,
    env: Record<string, string>,
    toolArgs: string[],
  ): Promise<{ api: BuiltApi; code: number; output: string; reportDir: string }> {
    const dir = mkdtempSync(join(tmpdir(), `cited-fuzz-${name}-`));
    dirs.push(dir);
    const api = await startBuiltApi({
      CITED_INDEX_DIR: join(dir, 'index'),
      CITED_PROGRAM_CACHE_DIR: join(dir, 'program-cache'),
      CITED_RATE_LIMIT_RPM: '1000000',
      CITED_MODEL_NAME: `cited-fuzz-${randomBytes(4).toString('hex')}`,
      MLFLOW_TRACKING_URI: 'http://127.0.0.1:9',
      // No answer traces: feedback answers 404 without MLflow (with MLflow away it is a 503).
      CITED_TRACE_SAMPLE: '0',
      ...env,
    });
    const reportDir = join(REPORTS, `schemathesis-${name}`);
    try {
      const r = await runTool(
        ['--url', api.base, '--max-examples', '25', '--report-dir', reportDir, ...toolArgs],
        240_000,
      );
      expect(await isHealthy(api)).toBe(true);
      return { api, ...r, reportDir };
    } finally {
      await api.stop();
    }
  }

  function expectClean(r: {
    api: BuiltApi;
    code: number;
    output: string;
    reportDir: string;
  }): void {
    if (r.code !== 0) throw new Error(`schemathesis reported findings:\n${r.output}`);
    expect(r.output).toMatch(/No issues found/);
    const counts = junitCounts(join(r.reportDir, 'junit.xml'));
    // healthz, readyz, metrics, answer, programs/active, programs/reload, rollback/reset
    expect(counts.cases).toBeGreaterThanOrEqual(7);
    expect(counts).toMatchObject({ failures: 0, errors: 0 });
    expect(r.api.output.filter((l) => l.includes('unhandled error on the request path'))).toEqual(
      [],
    );
  }

  it('finds nothing with API keys on (auth checked too)', async () => {
    const key = randomBytes(24).toString('base64url');
    const r = await fuzz(
      'keys',
      {
        CITED_API_KEYS: `${createHash('sha256').update(key).digest('hex')}:default`,
        CITED_ADMIN_TENANTS: 'default',
      },
      ['--api-key', key],
    );
    expectClean(r);
  }, 300_000);

  it('finds nothing in local mode (no key; every field reaches validation)', async () => {
    expectClean(await fuzz('local', {}, []));
  }, 300_000);
});
