import { join } from 'node:path';
import {
  axImportsInSource,
  axPublicExports,
  scanAxImports,
  unexportedAxImports,
  type AxImport,
} from './test-fixtures/ax-imports';

// Cited uses Ax only through what its typings export, so an Ax upgrade is a version bump plus
// this test: a name that Ax stops exporting (or that was never public) fails here first.
const ROOT = join(__dirname, '..', '..', '..');
const SCANNED = ['apps', 'libs', 'bench', 'tools'];

const exported = axPublicExports(join(__dirname, 'index.ts'));
const imports = scanAxImports(ROOT, SCANNED);
const where = (list: readonly AxImport[]): string[] =>
  list.map((i) => `${i.file}:${i.line} ${i.name}`);

describe("Ax symbols Cited imports are in @ax-llm/ax's public typings", () => {
  it('every name imported from @ax-llm/ax in apps/, libs/, bench/ and tools/ is exported', () => {
    expect(where(unexportedAxImports(imports, exported))).toEqual([]);
  });

  it('finds the imports Cited is known to make (the scan is not empty)', () => {
    const names = new Set(imports.map((i) => i.name));
    for (const name of ['AxGen', 'AxSignature', 'AxGEPA', 'AxMockAIService', 'ai'])
      expect(names).toContain(name);
    expect(imports.some((i) => i.file.startsWith(join('libs', 'dspy-pipeline')))).toBe(true);
  });

  it('reports names the typings do not export, in every import form', () => {
    const text = [
      "import { AxGen, AxNotARealExport, type AxChatRequest as Req } from '@ax-llm/ax';",
      "import type { AxGenOut } from '@ax-llm/ax';",
      "import * as ax from '@ax-llm/ax';",
      'const made = ax.axIsGPT6Astra;',
      "const { ai, axIsGPT6Astra: astra } = require('@ax-llm/ax');",
      "const gepa = require('@ax-llm/ax').AxGEPA;",
      "type Internal = import('@ax-llm/ax').AxBaseAIInternals;",
      "export { AxSignature, axMadeUpHelper } from '@ax-llm/ax';",
      "// import { NotInAComment } from '@ax-llm/ax';",
      "const notAnImport = 'AxAlsoNotAnImport';",
      "import { somethingElse } from 'another-package';",
    ].join('\n');
    const found = axImportsInSource('synthetic.ts', text);
    expect(found.map((i) => i.name).sort()).toEqual(
      [
        'AxBaseAIInternals',
        'AxChatRequest',
        'AxGEPA',
        'AxGen',
        'AxGenOut',
        'AxNotARealExport',
        'AxSignature',
        'ai',
        'axIsGPT6Astra',
        'axIsGPT6Astra',
        'axMadeUpHelper',
      ].sort(),
    );
    // `axIsGPT6Astra` exists inside Ax's bundle but is not exported; the others are made up.
    expect(where(unexportedAxImports(found, exported))).toEqual([
      'synthetic.ts:1 AxNotARealExport',
      'synthetic.ts:4 axIsGPT6Astra',
      'synthetic.ts:5 axIsGPT6Astra',
      'synthetic.ts:7 AxBaseAIInternals',
      'synthetic.ts:8 axMadeUpHelper',
    ]);
  });

  it('reads the exports from the typings: public classes yes, their private members no', () => {
    expect(exported.has('AxGen')).toBe(true);
    expect(exported.has('AxBaseAI')).toBe(true);
    expect(exported.has('axGlobals')).toBe(true);
    expect(exported.has('aiImpl')).toBe(false);
    expect(exported.has('resolveChatModelConfig')).toBe(false);
    expect(exported.size).toBeGreaterThan(500);
  });

  it('scans .mjs and .cjs files as well as TypeScript', () => {
    const esm = axImportsInSource('x.mjs', "import { AxGen } from '@ax-llm/ax';");
    const cjs = axImportsInSource('x.cjs', "const { ai } = require('@ax-llm/ax');");
    const dyn = axImportsInSource('x.mjs', "const { flow } = await import('@ax-llm/ax');");
    expect([...esm, ...cjs, ...dyn].map((i) => `${i.file} ${i.name}`)).toEqual([
      'x.mjs AxGen',
      'x.cjs ai',
      'x.mjs flow',
    ]);
  });
});
