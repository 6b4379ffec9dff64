#!/usr/bin/env node
// Uses each built library the way another service would: starts a private Verdaccio registry
// on 127.0.0.1 (storage in a temp folder, no uplinks), publishes dist/libs/* to it, then for
// each library creates a fresh project outside the repository, installs that library ALONE
// (`@cited:registry` points at Verdaccio; third-party packages come from the registry npm is
// configured with, as for `npm ci`), and compiles tools/consumers/<lib>.ts twice with the
// repository's TypeScript and @types/node versions, `skipLibCheck: false`, `module: nodenext`:
// as .cts (CommonJS) and as .mts (ESM). Both outputs are then run. The `ts` code blocks of the
// library README's "## Quick start" section become quickstart.mts in the same project, type-checked
// and run as written (mlflow-client's needs a server: the one CITED_CONSUMERS_MLFLOW_URI names,
// else a temporary one started with tools/mlflow-server.mjs, whose venv `npm test` uses too;
// `--no-mlflow` only type-checks it). Run `npm run build` first.
// Usage: node tools/check-consumers.mjs [lib ...] [--keep] [--no-mlflow]
import { execFile, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { writeFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startMlflowServer } from './mlflow-server.mjs';

const run = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const keep = args.includes('--keep');
const noMlflow = args.includes('--no-mlflow');
const only = args.filter((a) => !a.startsWith('--'));
const libs = readdirSync(join(root, 'libs')).filter((l) => !only.length || only.includes(l));
const rootPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const tsVersion = rootPkg.devDependencies.typescript;
const nodeTypesVersion = rootPkg.devDependencies['@types/node'];
let mlflowUri = process.env.CITED_CONSUMERS_MLFLOW_URI;
/** The temporary MLflow server of mlflow-client's quick start, when this script started one. */
let mlflowServer;
const started = Date.now();

/** The `ts` blocks of a README's "## Quick start" section, joined. */
function quickStart(lib) {
  const readme = readFileSync(join(root, 'libs', lib, 'README.md'), 'utf8');
  const section = /^## Quick start\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1] ?? '';
  const blocks = [...section.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
  if (blocks.length === 0)
    throw new Error(`libs/${lib}/README.md has no ts block under ## Quick start`);
  return `// Extracted from libs/${lib}/README.md (## Quick start).\n${blocks.join('\n')}export {};\n`;
}
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;

for (const lib of readdirSync(join(root, 'libs'))) {
  if (!existsSync(join(root, 'dist/libs', lib, 'package.json'))) {
    console.error(`FAIL ${lib}: dist/libs/${lib} is missing; run \`npm run build\` first`);
    process.exit(1);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitForPing(url, child, logs) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`verdaccio exited:\n${logs.join('')}`);
    try {
      if ((await fetch(`${url}/-/ping`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`verdaccio did not answer ${url}/-/ping within 60 s:\n${logs.join('')}`);
}

async function npm(cwd, argv, extraEnv = {}) {
  try {
    return await run('npm', argv, {
      cwd,
      env: { ...process.env, ...extraEnv },
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (err) {
    throw new Error(`npm ${argv.join(' ')} (in ${cwd}) failed:\n${err.stdout}\n${err.stderr}`);
  }
}

const work = mkdtempSync(join(tmpdir(), 'cited-consumers-'));
const port = await freePort();
const registry = `http://127.0.0.1:${port}/`;
const config = join(work, 'verdaccio.yaml');
writeFileSync(
  config,
  [
    `storage: ${JSON.stringify(join(work, 'storage'))}`,
    'auth:',
    '  htpasswd:',
    `    file: ${JSON.stringify(join(work, 'htpasswd'))}`,
    'uplinks: {}',
    'packages:',
    "  '@cited/*':",
    '    access: $all',
    '    publish: $authenticated',
    "  '**':",
    '    access: $all',
    'log: { type: stdout, format: pretty, level: warn }',
    '',
  ].join('\n'),
);
const logs = [];
const verdaccio = spawn(
  process.execPath,
  [
    join(root, 'node_modules/verdaccio/bin/verdaccio'),
    '--config',
    config,
    '--listen',
    `127.0.0.1:${port}`,
  ],
  { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] },
);
verdaccio.stdout.on('data', (d) => logs.push(String(d)));
verdaccio.stderr.on('data', (d) => logs.push(String(d)));

let failures = 0;
try {
  await waitForPing(registry.slice(0, -1), verdaccio, logs);
  console.log(`verdaccio ${registry} (storage ${work}) up after ${elapsed()}`);
  // A throw-away user: Verdaccio only accepts publishes from an authenticated user.
  const user = await fetch(`${registry}-/user/org.couchdb.user:cited-ci`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'cited-ci', password: `pw-${process.pid}-${Date.now()}` }),
  });
  const { token } = await user.json();
  if (!user.ok || !token) throw new Error(`verdaccio refused the publish user: ${user.status}`);
  const auth = `//127.0.0.1:${port}/:_authToken=${token}`;
  writeFileSync(join(work, '.npmrc'), `@cited:registry=${registry}\n${auth}\n`);

  for (const lib of readdirSync(join(root, 'libs'))) {
    await npm(work, [
      'publish',
      join(root, 'dist/libs', lib),
      '--ignore-scripts',
      '--registry',
      registry,
    ]);
  }
  console.log(`published ${readdirSync(join(root, 'libs')).length} libraries after ${elapsed()}`);

  for (const lib of libs) {
    const dir = join(work, `consumer-${lib}`);
    mkdirSync(dir);
    copyFileSync(join(work, '.npmrc'), join(dir, '.npmrc'));
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: `consumer-${lib}`, private: true, type: 'commonjs' }, null, 2),
    );
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify(
        {
          compilerOptions: {
            target: 'es2022',
            // @ax-llm/ax's declarations (a dspy-pipeline dependency) name the Web Crypto types
            // CryptoKey and JsonWebKey, which only the DOM lib declares: consumers of
            // dspy-pipeline that check libraries' types need it (said in its README).
            lib: lib === 'dspy-pipeline' ? ['es2023', 'dom'] : ['es2023'],
            module: 'nodenext',
            moduleResolution: 'nodenext',
            strict: true,
            skipLibCheck: false,
            types: ['node'],
          },
          files: ['use.cts', 'use.mts', 'quickstart.mts'],
        },
        null,
        2,
      ),
    );
    const source = join(root, 'tools/consumers', `${lib}.ts`);
    copyFileSync(source, join(dir, 'use.cts'));
    copyFileSync(source, join(dir, 'use.mts'));
    writeFileSync(join(dir, 'quickstart.mts'), quickStart(lib));
    try {
      await npm(dir, [
        'install',
        '--save-exact',
        '--no-audit',
        '--no-fund',
        '--prefer-online',
        `@cited/${lib}`,
        `typescript@${tsVersion}`,
        `@types/node@${nodeTypesVersion}`,
      ]);
      // Optional peers stay out (the Qdrant client once pulled typescript@7 in through its own
      // peer), and tsc is the repository's version.
      const tsInstalled = JSON.parse(
        readFileSync(join(dir, 'node_modules/typescript/package.json'), 'utf8'),
      ).version;
      if (tsInstalled !== tsVersion)
        throw new Error(`typescript ${tsInstalled} was installed instead of ${tsVersion}`);
      if (existsSync(join(dir, 'node_modules/@qdrant/js-client-rest')))
        throw new Error('the optional peer @qdrant/js-client-rest was installed');
      const installed = readdirSync(join(dir, 'node_modules/@cited'));
      const others = installed.filter((n) => n !== lib);
      const tsc = join(dir, 'node_modules/typescript/bin/tsc');
      await run(process.execPath, [tsc, '-p', dir], { cwd: dir }).catch((err) => {
        throw new Error(`tsc (skipLibCheck false, nodenext) failed:\n${err.stdout}${err.stderr}`);
      });
      for (const out of ['use.cjs', 'use.mjs']) {
        const { stdout } = await run(process.execPath, [join(dir, out)], { cwd: dir }).catch(
          (err) => {
            throw new Error(`node ${out} failed:\n${err.stdout}${err.stderr}`);
          },
        );
        if (!stdout.includes(`${lib} ok`)) throw new Error(`node ${out} printed ${stdout}`);
      }
      const needsServer = lib === 'mlflow-client';
      let quick = 'README quick start ran';
      if (needsServer && !mlflowUri && !noMlflow) {
        mlflowServer = await startMlflowServer({ dir: join(work, 'mlflow'), workers: 1 });
        mlflowUri = mlflowServer.uri;
        quick = `README quick start ran against a temporary MLflow server`;
      }
      if (needsServer && !mlflowUri) quick = 'README quick start type-checked (--no-mlflow)';
      else
        await run(process.execPath, [join(dir, 'quickstart.mjs')], {
          cwd: dir,
          env: { ...process.env, ...(needsServer ? { MLFLOW_TRACKING_URI: mlflowUri } : {}) },
        }).catch((err) => {
          throw new Error(`the README quick start failed:\n${err.stdout}${err.stderr}`);
        });
      console.log(
        `ok   @cited/${lib}: installed alone${others.length ? ` (brought ${others.map((o) => `@cited/${o}`).join(', ')})` : ''}, tsc ${tsVersion} CJS + ESM, ran both, ${quick} (${elapsed()})`,
      );
    } catch (err) {
      failures++;
      console.error(`FAIL @cited/${lib}: ${err.message}`);
    }
  }
} finally {
  verdaccio.kill('SIGTERM');
  await mlflowServer?.stop();
  if (keep) console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
console.log(`check:consumers took ${elapsed()}`);
if (failures) process.exit(1);
