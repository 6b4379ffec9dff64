#!/usr/bin/env node
// Proves the module-boundary rules fire: copies the workspace sources into a temporary
// folder, plants deliberately wrong imports, lints them there and expects each one to be
// rejected by @nx/enforce-module-boundaries (and an allowed import to pass).
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const copy = mkdtempSync(join(tmpdir(), 'cited-boundaries-'));

const probes = [
  {
    file: 'libs/pii-scrub/src/lib/probe.ts',
    code: "import { DatasetManifestError } from '@cited/dataset-manifest';\nexport const x = DatasetManifestError;\n",
    expect: 'error',
    why: 'pii-scrub imports another workspace library',
    message: /tagged with "scope:pii"/,
  },
  {
    file: 'libs/dataset-manifest/src/lib/probe.ts',
    code: "import { MlflowClientError } from '@cited/mlflow-client';\nexport const x = MlflowClientError;\n",
    expect: 'error',
    why: 'dataset-manifest imports another workspace library',
    message: /tagged with "scope:dataset"/,
  },
  {
    file: 'libs/mlflow-client/src/lib/probe.ts',
    code: "import { PiiScrubError } from '@cited/pii-scrub';\nexport const x = PiiScrubError;\n",
    expect: 'error',
    why: 'mlflow-client imports another workspace library',
    message: /tagged with "scope:mlflow"/,
  },
  // Apps have no import alias; the copy gets one (to a throwaway app) so the tag rule itself fires.
  {
    file: 'libs/dspy-pipeline/src/lib/probe.ts',
    code: "import { createApp } from '@cited/api-probe';\nexport const x = createApp;\n",
    expect: 'error',
    why: 'a library imports an app (by alias)',
    message:
      /Imports of apps are forbidden|tagged with "type:lib" can only depend on libs tagged with "type:lib"/,
  },
  {
    file: 'libs/pii-scrub/src/lib/probe-rel.ts',
    code: "import { createApp } from '../../../../apps/api/src/app/create-app';\nexport const x = createApp;\n",
    expect: 'error',
    why: 'a library imports an app (by relative path)',
    message: /imported by a relative or absolute path/,
  },
  {
    file: 'libs/pii-scrub/src/lib/probe-nest.ts',
    code: "import { Injectable } from '@nestjs/common';\nexport const x = Injectable;\n",
    expect: 'error',
    why: 'a library imports @nestjs/*',
    message: /not allowed to import "@nestjs\/common"/,
  },
  {
    file: 'libs/dspy-pipeline/src/lib/probe-nest.ts',
    code: "import { Module } from '@nestjs/core';\nexport const x = Module;\n",
    expect: 'error',
    why: 'dspy-pipeline imports @nestjs/*',
    message: /not allowed to import "@nestjs\/core"/,
  },
  {
    file: 'apps/eval-runner/src/probe.ts',
    code: "import { Injectable } from '@nestjs/common';\nexport const x = Injectable;\n",
    expect: 'error',
    why: 'eval-runner imports @nestjs/*',
    message: /not allowed to import "@nestjs\/common"/,
  },
  {
    file: 'libs/dspy-pipeline/src/lib/probe-ok.ts',
    code: "import { PiiScrubError } from '@cited/pii-scrub';\nimport { MlflowClientError } from '@cited/mlflow-client';\nimport { DatasetManifestError } from '@cited/dataset-manifest';\nexport const x = [PiiScrubError, MlflowClientError, DatasetManifestError];\n",
    expect: 'ok',
    why: 'dspy-pipeline imports the three other libraries',
  },
  {
    file: 'apps/api/src/probe-ok.ts',
    code: "import { PiiScrubError } from '@cited/pii-scrub';\nexport const x = PiiScrubError;\n",
    expect: 'ok',
    why: 'an app imports a library',
  },
];

let failures = 0;
try {
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
  })
    .split('\n')
    // Tracked files deleted in the working tree are listed too: copy what is there.
    .filter((f) => f !== '' && existsSync(join(root, f)));
  for (const f of files) {
    mkdirSync(dirname(join(copy, f)), { recursive: true });
    cpSync(join(root, f), join(copy, f));
  }
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');
  const base = JSON.parse(readFileSync(join(copy, 'tsconfig.base.json'), 'utf8'));
  // A throwaway app that imports nothing (the real apps import every library, so a
  // library importing them would be reported as a cycle before the tag rule is reached).
  mkdirSync(join(copy, 'apps/probe-app/src'), { recursive: true });
  writeFileSync(join(copy, 'apps/probe-app/src/main.ts'), 'export const createApp = () => 0;\n');
  writeFileSync(
    join(copy, 'apps/probe-app/project.json'),
    JSON.stringify({
      name: 'probe-app',
      projectType: 'application',
      sourceRoot: 'apps/probe-app/src',
      tags: ['type:app', 'scope:probe'],
    }),
  );
  base.compilerOptions.paths['@cited/api-probe'] = ['apps/probe-app/src/main.ts'];
  writeFileSync(join(copy, 'tsconfig.base.json'), JSON.stringify(base, null, 2));
  // One probe at a time, so that no probe sees another's import (two wrong imports can
  // form a cycle and be rejected for that reason instead of the rule under test).
  for (const p of probes) {
    writeFileSync(join(copy, p.file), p.code);
    // The rule reads Nx's cached project graph and silently skips itself without one.
    execFileSync('npx', ['nx', 'reset', '--onlyCache'], {
      cwd: copy,
      stdio: 'ignore',
      env: { ...process.env, NX_DAEMON: 'false' },
    });
    execFileSync('npx', ['nx', 'show', 'projects'], {
      cwd: copy,
      stdio: 'ignore',
      env: { ...process.env, NX_DAEMON: 'false' },
    });
    const projectDir = p.file.split('/').slice(0, 2).join('/');
    const r = spawnSync(
      'npx',
      ['eslint', '--no-cache', '--format', 'json', p.file.slice(projectDir.length + 1)],
      {
        cwd: join(copy, projectDir),
        encoding: 'utf8',
        env: { ...process.env, NX_DAEMON: 'false', NX_WORKSPACE_ROOT_PATH: copy },
      },
    );
    let messages = [];
    try {
      messages = JSON.parse(r.stdout).flatMap((res) => res.messages);
    } catch {
      console.error(`  could not parse eslint output for ${p.file}:\n${r.stdout}\n${r.stderr}`);
    }
    const boundary = messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries');
    if (/rule will be skipped/.test(r.stderr)) {
      console.error(`  the boundary rule was skipped for ${p.file}: ${r.stderr.trim()}`);
    }
    rmSync(join(copy, p.file));
    const ok = /rule will be skipped/.test(r.stderr)
      ? false
      : p.expect === 'error'
        ? boundary.some((m) => p.message.test(m.message))
        : boundary.length === 0 && r.status === 0;
    if (!ok) failures++;
    console.log(
      `${ok ? 'ok  ' : 'FAIL'} ${p.why}: ${p.expect === 'error' ? 'rejected' : 'allowed'} as expected${ok ? (boundary[0] ? ` — "${boundary[0].message.split('\n')[0]}"` : '') : ` (got ${JSON.stringify(messages.map((m) => m.message))})`}`,
    );
  }
} finally {
  rmSync(copy, { recursive: true, force: true });
}
if (failures > 0) {
  console.error(`${failures} boundary probe(s) did not behave as expected`);
  process.exit(1);
}
console.log(`all ${probes.length} boundary probes behaved as expected`);
