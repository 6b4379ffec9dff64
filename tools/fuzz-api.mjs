#!/usr/bin/env node
// Fuzzes the API against its own OpenAPI document with schemathesis (PyPI), installed once
// into the project-local venv `.cited/venv-fuzz` (one pinned version; nothing global).
//
//   node tools/fuzz-api.mjs install                 # create the venv, install schemathesis
//   node tools/fuzz-api.mjs [--local]               # start dist/apps/api/main.js (keys on; --local:
//                                                   # local mode), fuzz it, stop it
//   node tools/fuzz-api.mjs --url http://127.0.0.1:3000 [--api-key <key>]   # a running API
//                                                   # (no key: local mode, the auth check is skipped)
//
// Options: --max-examples N (default 25 per operation), --seed N (default 20261126),
// --workers N (default 2), --report-dir D (default tmp/test-artifacts/schemathesis),
// anything after `--` goes to `schemathesis run` as is. Exit code: schemathesis's (0 = no finding).
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ensurePythonVenv } from './python-venv.mjs';

/** The one schemathesis version every run uses (4.x needs Python >= 3.11). */
export const SCHEMATHESIS_VERSION = '4.32.5';
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Override with CITED_FUZZ_VENV (e.g. a CI cache path). */
export const DEFAULT_VENV_DIR = join(REPO_ROOT, '.cited', 'venv-fuzz');
const MARKER = '.cited-schemathesis-version';

/**
 * What every response must satisfy: no 5xx; status code, content type, headers and body
 * documented for the operation (problem+json included); invalid input rejected with a 4xx;
 * valid input accepted; requests without a valid key refused.
 * Not checked: `unsupported_method` (Fastify answers 404 problem+json, not 405, for a method a
 * path does not have) and the stateful/resource checks (the API has no CRUD resources).
 */
export const CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_headers_conformance',
  'response_schema_conformance',
  'negative_data_rejection',
  'positive_data_acceptance',
  'ignored_auth',
];

/** Schemathesis warnings that fail the run like a check would. */
export const FAIL_ON_WARNINGS = [
  'unresolvable_reference',
  'missing_test_data',
  'missing_auth',
  'unused_openapi_auth',
  'validation_mismatch',
  'missing_deserializer',
  'unsupported_regex',
  'rate_limited',
];

/** The warnings of `POST /v1/feedback`: all but those about valid input getting 404s. */
const FEEDBACK_WARNINGS = `[${FAIL_ON_WARNINGS.filter(
  (w) => w !== 'missing_test_data' && w !== 'validation_mismatch',
)
  .map((w) => `"${w}"`)
  .join(', ')}]`;

function venvDir() {
  return resolve(process.env.CITED_FUZZ_VENV ?? DEFAULT_VENV_DIR);
}

function venvBin(name) {
  return join(venvDir(), 'bin', name);
}

/**
 * Creates the venv and installs the pinned schemathesis once (a marker file records the
 * version; a changed pin re-installs). Concurrent callers wait on a lock directory.
 * @returns {Promise<string>} path of the `schemathesis` executable.
 */
export async function ensureFuzzVenv(log = (m) => process.stderr.write(`${m}\n`)) {
  await ensurePythonVenv({
    dir: venvDir(),
    pkg: 'schemathesis',
    version: SCHEMATHESIS_VERSION,
    marker: MARKER,
    minPythonMinor: 11,
    missingPythonHint:
      `schemathesis ${SCHEMATHESIS_VERSION} needs Python >= 3.11 on PATH (tried python3, python) ` +
      'with the venv module (Debian/Ubuntu: apt-get install python3 python3-venv).',
    label: 'fuzz-api',
    lockTimeoutMs: 15 * 60_000,
    log,
  });
  return venvBin('schemathesis');
}

/** Starts `node dist/apps/api/main.js` on a free loopback port; resolves once it listens. */
async function startBuiltApi(env) {
  const main = join(REPO_ROOT, 'dist/apps/api/main.js');
  if (!existsSync(main))
    throw new Error(`${main} is missing: run NX_DAEMON=false npx nx build api`);
  const child = spawn(process.execPath, [main], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = [];
  const port = await new Promise((res, rej) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      rej(new Error(`API did not start:\n${lines.join('\n')}`));
    }, 60_000);
    const onLine = (line) => {
      lines.push(line);
      try {
        const rec = JSON.parse(line);
        if (rec.event === 'listening') {
          clearTimeout(timer);
          res(rec.port);
        }
      } catch {
        /* not JSON */
      }
    };
    createInterface({ input: child.stdout }).on('line', onLine);
    createInterface({ input: child.stderr }).on('line', onLine);
    child.once('exit', (code) => {
      clearTimeout(timer);
      rej(new Error(`API exited (${code}) before listening:\n${lines.join('\n')}`));
    });
  });
  return { child, base: `http://127.0.0.1:${port}`, lines };
}

/**
 * Runs `schemathesis run <base>/openapi.json` with {@link CHECKS}.
 * @returns {Promise<number>} schemathesis's exit code (0: no finding).
 */
export async function runSchemathesis({
  base,
  apiKey,
  checks = apiKey ? CHECKS : CHECKS.filter((c) => c !== 'ignored_auth'),
  maxExamples = 25,
  seed = 20261126,
  workers = 2,
  reportDir = join(REPO_ROOT, 'tmp/test-artifacts/schemathesis'),
  extra = [],
}) {
  const st = await ensureFuzzVenv();
  mkdirSync(reportDir, { recursive: true });
  const args = [
    'run',
    `${base}/openapi.json`,
    '--checks',
    checks.join(','),
    '--phases',
    'examples,coverage,fuzzing',
    '--max-examples',
    String(maxExamples),
    '--seed',
    String(seed),
    '--workers',
    String(workers),
    '--request-timeout',
    '15',
    '--generation-database',
    'none',
    '--report',
    'junit,ndjson',
    '--report-dir',
    reportDir,
    '--report-junit-path',
    join(reportDir, 'junit.xml'),
    '--report-ndjson-path',
    join(reportDir, 'events.ndjson'),
    '--no-color',
    ...extra,
  ];
  // A scratch cwd: schemathesis/hypothesis may leave files where they run.
  const cwd = mkdtempSync(join(tmpdir(), 'cited-fuzz-'));
  // The key goes through the security schemes of the document (not a global header), so the
  // `ignored_auth` check can replace it with missing/invalid credentials. The file names the
  // environment variable only: the key is never written to disk.
  const config = join(cwd, 'schemathesis.toml');
  writeFileSync(
    config,
    // A document the fuzzer cannot fully read (unresolvable $ref, …) is a finding too.
    `[warnings]\nfail-on = [${FAIL_ON_WARNINGS.map((w) => `"${w}"`).join(', ')}]\n\n` +
      (apiKey
        ? '[auth.openapi.bearer]\nbearer = "${CITED_FUZZ_API_KEY}"\n\n' +
          '[auth.openapi.apiKey]\napi_key = "${CITED_FUZZ_API_KEY}"\n\n'
        : '') +
      // Feedback rates a trace of an earlier answer: the fuzzer has none, so every traceId it
      // makes up is rightly a 404. The warnings about valid input refused ("missing test data",
      // "validation mismatch") are the expected answer there; the others still fail the run.
      `[[operations]]\ninclude-name = "POST /v1/feedback"\n` +
      `warnings = { display = ${FEEDBACK_WARNINGS}, fail-on = ${FEEDBACK_WARNINGS} }\n`,
  );
  try {
    return await new Promise((res, rej) => {
      const child = spawn(st, ['--config-file', config, ...args], {
        cwd,
        stdio: 'inherit',
        env: { ...process.env, CITED_FUZZ_API_KEY: apiKey ?? '' },
      });
      child.once('error', rej);
      child.once('exit', (code, signal) => res(code ?? (signal ? 128 : 1)));
    });
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

function parseArgs(argv) {
  const opts = { extra: [] };
  const dash = argv.indexOf('--');
  const own = dash === -1 ? argv : argv.slice(0, dash);
  if (dash !== -1) opts.extra = argv.slice(dash + 1);
  for (let i = 0; i < own.length; i++) {
    const a = own[i];
    const val = () => {
      const v = own[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === 'install') opts.install = true;
    else if (a === '--url') opts.url = val().replace(/\/(openapi\.json)?$/, '');
    else if (a === '--api-key') opts.apiKey = val();
    else if (a === '--local') opts.local = true;
    else if (a === '--max-examples') opts.maxExamples = Number(val());
    else if (a === '--seed') opts.seed = Number(val());
    else if (a === '--workers') opts.workers = Number(val());
    else if (a === '--report-dir') opts.reportDir = resolve(val());
    else throw new Error(`unknown argument ${a} (see the header of tools/fuzz-api.mjs)`);
  }
  return opts;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.install) {
    process.stdout.write(`${await ensureFuzzVenv()}\n`);
    return 0;
  }
  if (opts.url) {
    return runSchemathesis({
      ...opts,
      base: opts.url,
      apiKey: opts.apiKey ?? process.env.CITED_FUZZ_API_KEY,
    });
  }
  // Own API: keys on (so missing/invalid keys are tested), the fuzz tenant may call the
  // operator endpoints, the rate limit out of the way, a fresh index from the bundled corpus.
  const dir = mkdtempSync(join(tmpdir(), 'cited-fuzz-api-'));
  const apiKey = randomBytes(24).toString('base64url');
  const api = await startBuiltApi({
    CITED_INDEX_DIR: join(dir, 'index'),
    CITED_PROGRAM_CACHE_DIR: join(dir, 'program-cache'),
    // The tenant of the bundled corpus, so answers run the whole pipeline. --local: no keys.
    ...(opts.local
      ? {}
      : {
          CITED_API_KEYS: `${createHash('sha256').update(apiKey).digest('hex')}:default`,
          CITED_ADMIN_TENANTS: 'default',
        }),
    CITED_RATE_LIMIT_RPM: '1000000',
    CITED_LOG_LEVEL: 'info', // the `listening` line is info
    CITED_MODEL_NAME: `cited-fuzz-${randomBytes(4).toString('hex')}`,
    MLFLOW_TRACKING_URI: process.env.MLFLOW_TRACKING_URI ?? 'http://127.0.0.1:9',
  });
  try {
    process.stderr.write(`fuzz-api: API at ${api.base}\n`);
    const code = await runSchemathesis({
      ...opts,
      base: api.base,
      apiKey: opts.local ? undefined : apiKey,
    });
    const health = await fetch(`${api.base}/healthz`).then(
      (r) => r.status,
      () => 0,
    );
    if (health !== 200) {
      process.stderr.write(`fuzz-api: the API no longer answers /healthz (${health})\n`);
      return code || 1;
    }
    return code;
  } finally {
    api.child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (error) => {
      process.stderr.write(`fuzz-api: ${error instanceof Error ? error.message : error}\n`);
      process.exit(2);
    },
  );
}
