'use strict';
// Minimal require hook so a spawned test child can run this library's .ts sources directly
// (no ts-node in the workspace): each file is transpiled on load with TypeScript itself.
const ts = require('typescript');
const { readFileSync } = require('node:fs');

require.extensions['.ts'] = function compileTs(module, filename) {
  const out = ts.transpileModule(readFileSync(filename, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    fileName: filename,
  });
  module._compile(out.outputText, filename);
};
