#!/usr/bin/env node
'use strict';
// Thin launcher so `npx eval-runner` works from a fresh checkout after `npm run build`;
// the CLI itself is the bundled dist/apps/eval-runner/main.js.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const main = join(__dirname, '..', '..', '..', 'dist', 'apps', 'eval-runner', 'main.js');
if (!existsSync(main)) {
  process.stderr.write(
    `eval-runner is not built (${main} is missing). Run \`npm run build\` (or \`npx nx build eval-runner\`) first.\n`,
  );
  process.exit(2);
}
require(main);
