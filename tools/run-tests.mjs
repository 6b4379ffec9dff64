#!/usr/bin/env node
// `npm test`: runs every project's Jest tests through `nx run-many`, then prints one
// plain line `N passed, N failed, N skipped` summed over all projects. Exits non-zero
// when any test failed, a suite could not run, or no test ran at all.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const resultsDir = mkdtempSync(join(tmpdir(), 'cited-jest-'));
const env = {
  ...process.env,
  CITED_JEST_RESULTS_DIR: resultsDir,
  NX_DAEMON: 'false',
  AX_SKIP_SKILL_INSTALL: '1',
};
const extra = process.argv.slice(2);

function run(cmd, args, options) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: 'inherit', ...options });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const cleanups = [];
let code = 1;
try {
  const { startTestServices } = await import('./test-services.mjs');
  const services = await startTestServices(env);
  cleanups.push(services.stop);
  code = await run(
    'npx',
    [
      'nx',
      'run-many',
      '-t',
      'test',
      '--outputStyle=static',
      '--nxBail=false',
      '--skipNxCache',
      ...extra,
    ],
    { env },
  );
} finally {
  for (const stop of cleanups.reverse()) await stop();
}

let passed = 0;
let failed = 0;
let skipped = 0;
let broken = 0;
for (const file of readdirSync(resultsDir)) {
  const r = JSON.parse(readFileSync(join(resultsDir, file), 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + r.numTodoTests;
  broken += r.numRuntimeErrorTestSuites;
}
rmSync(resultsDir, { recursive: true, force: true });
if (broken > 0) console.log(`${broken} test suite(s) failed to run`);
if (passed + failed === 0) console.log('no test ran');
console.log(`${passed} passed, ${failed + broken} failed, ${skipped} skipped`);
process.exit(code !== 0 || failed > 0 || broken > 0 || passed + failed === 0 ? code || 1 : 0);
