// Planted trees that tools/check-cycles.mjs judges before it checks the repository: each lists
// its files and exactly the file cycles and dspy-pipeline folder cycles the tool must report.

const tsconfig = JSON.stringify({
  compilerOptions: {
    baseUrl: '.',
    paths: {
      '@probe/alpha': ['libs/alpha/src/index.ts'],
      '@probe/beta': ['libs/beta/src/index.ts'],
      '@probe/gamma/*': ['libs/gamma/src/lib/*'],
      '@probe/lib1': ['libs/lib1/src/index.ts'],
      '@probe/lib2': ['libs/lib2/src/index.ts'],
    },
  },
});

const L = 'libs/dspy-pipeline/src/lib';

/** @type {Array<{ name: string, files: Record<string, string>, fileCycles: string[][], folderCycles: string[][] }>} */
export const PROBES = [
  {
    name: 'type-only two-file cycle',
    files: {
      'libs/one/src/lib/a.ts': "import type { B } from './b';\nexport interface A { b?: B }\n",
      'libs/one/src/lib/b.ts': "import type { A } from './a';\nexport interface B { a?: A }\n",
      'libs/one/src/lib/c.ts': "import type { A } from './a';\nexport type C = A;\n",
    },
    fileCycles: [['libs/one/src/lib/a.ts', 'libs/one/src/lib/b.ts']],
    folderCycles: [],
  },
  {
    name: 'three-file cycle through export … from',
    files: {
      'libs/two/src/lib/a.ts': "export { b } from './b';\nexport interface A { n: number }\n",
      'libs/two/src/lib/b.ts': "export * from './c';\nexport const b = 2;\n",
      'libs/two/src/lib/c.ts': "export type { A } from './a';\n",
    },
    fileCycles: [['libs/two/src/lib/a.ts', 'libs/two/src/lib/b.ts', 'libs/two/src/lib/c.ts']],
    folderCycles: [],
  },
  {
    name: 'every other import form closes a cycle',
    files: {
      'tsconfig.base.json': tsconfig,
      'apps/app/src/p1.ts': "import './p2';\nexport const p1 = 1;\n",
      'apps/app/src/p2.ts': "import { p1 } from './p1';\nexport const p2 = p1;\n",
      'apps/app/src/q1.ts': "import q2 = require('./q2');\nexport const q1 = q2;\n",
      'apps/app/src/q2.ts': "import { q1 } from './q1';\nexport const q = q1;\n",
      'apps/app/src/r1.ts': "export const load = () => import('./r2');\n",
      'apps/app/src/r2.ts': "import { load } from './r1';\nexport const r2 = load;\n",
      'apps/app/src/s1.ts': "export type S = import('./s2').T;\n",
      'apps/app/src/s2.ts': "import { type S } from './s1';\nexport type T = S | number;\n",
      'apps/app/src/u1.ts': "const u2 = require('./u2');\nexport const u1 = u2;\n",
      'apps/app/src/u2.ts': "import { u1 } from './u1';\nexport const u = u1;\n",
      'apps/app/src/self.ts':
        "import type { Self } from './self';\nexport type Self = { s?: Self };\n",
      'libs/alpha/src/index.ts':
        "import { beta } from '@probe/beta';\nexport const alpha = beta;\n",
      'libs/beta/src/index.ts':
        "import type { Alpha } from '@probe/alpha';\nexport const beta = 1;\n",
      'libs/gamma/src/lib/g1.ts':
        "import { g2 } from '@probe/gamma/g2.js';\nexport const g1 = g2;\n",
      'libs/gamma/src/lib/g2.ts': "import { g1 } from './g1.js';\nexport const g2 = 1;\n",
      'libs/delta/src/lib/d1.ts': "import { x } from './sub';\nexport const d1 = x;\n",
      'libs/delta/src/lib/sub/index.ts': "import { d1 } from '../d1';\nexport const x = 1;\n",
    },
    fileCycles: [
      ['apps/app/src/p1.ts', 'apps/app/src/p2.ts'],
      ['apps/app/src/q1.ts', 'apps/app/src/q2.ts'],
      ['apps/app/src/r1.ts', 'apps/app/src/r2.ts'],
      ['apps/app/src/s1.ts', 'apps/app/src/s2.ts'],
      ['apps/app/src/u1.ts', 'apps/app/src/u2.ts'],
      ['apps/app/src/self.ts'],
      ['libs/alpha/src/index.ts', 'libs/beta/src/index.ts'],
      ['libs/gamma/src/lib/g1.ts', 'libs/gamma/src/lib/g2.ts'],
      ['libs/delta/src/lib/d1.ts', 'libs/delta/src/lib/sub/index.ts'],
    ],
    folderCycles: [],
  },
  {
    name: 'folder cycle in dspy-pipeline without a file cycle',
    files: {
      [`${L}/package-version.ts`]: "export const V = '0';\n",
      [`${L}/errors/e.ts`]: "import { V } from '../package-version';\nexport const e = V;\n",
      [`${L}/model/m1.ts`]: "import { p1 } from '../pipeline/p1';\nexport const m1 = p1;\n",
      [`${L}/model/m2.ts`]: "import { e } from '../errors/e';\nexport const m2 = e;\n",
      [`${L}/pipeline/p1.ts`]: "import type { T } from '../trace/t1';\nexport const p1 = 1;\n",
      [`${L}/trace/t1.ts`]: "import { m2 } from '../model/m2';\nexport type T = typeof m2;\n",
    },
    fileCycles: [],
    folderCycles: [['model', 'pipeline', 'trace']],
  },
  {
    name: 'acyclic tree (tests, fixtures and comments must not close cycles)',
    files: {
      'tsconfig.base.json': tsconfig,
      'libs/lib1/src/index.ts': "export { a } from './lib/a';\n",
      'libs/lib1/src/lib/a.ts':
        "import type { B } from './b';\nimport { z } from 'zod';\nimport { two } from '@probe/lib2';\nexport const a = [z, two] as unknown as B;\n",
      'libs/lib1/src/lib/b.ts': "import './c';\nexport type B = string;\n",
      'libs/lib1/src/lib/c.ts':
        "// import { a } from './a';\nconst s = \"import { a } from './a'\";\nexport const c = `${s} export * from './a'`;\n",
      'libs/lib1/src/lib/a.spec.ts': "import { a } from './a.int.spec';\nexport const t = a;\n",
      'libs/lib1/src/lib/a.int.spec.ts': "import { t } from './a.e2e.spec';\nexport const a = t;\n",
      'libs/lib1/src/lib/a.e2e.spec.ts':
        "import { t } from './a.spec';\nimport { a } from './a';\nexport { t, a };\n",
      'libs/lib1/src/test-fixtures/f1.ts': "import { f2 } from './f2';\nexport const f1 = f2;\n",
      'libs/lib1/src/test-fixtures/f2.ts':
        "import { f1 } from './f1';\nimport { a } from '../lib/a';\nexport const f2 = [f1, a];\n",
      'libs/lib2/src/index.ts': "export { two } from './lib/two';\n",
      'libs/lib2/src/lib/two.ts': 'export const two = 2;\n',
      'apps/app/src/main.ts':
        "import { a } from '@probe/lib1';\nexport const run = () => import('./lazy').then(() => a);\n",
      'apps/app/src/lazy.ts': "import lib2 = require('@probe/lib2');\nexport const lazy = lib2;\n",
      'tools/x.ts': "import { y } from './y';\nexport const x = y;\n",
      'tools/y.ts': "import { x } from './x';\nexport const y = x;\n",
      'libs/dspy-pipeline/src/index.ts':
        "export { t } from './lib/trace/t';\nexport { V } from './lib/package-version';\n",
      [`${L}/package-version.ts`]: "export const V = '0';\n",
      [`${L}/model/m.ts`]: "import { V } from '../package-version';\nexport const m = V;\n",
      [`${L}/pipeline/p.ts`]: "import { m } from '../model/m';\nexport const p = m;\n",
      [`${L}/trace/t.ts`]:
        "import { m } from '../model/m';\nimport type { p } from '../pipeline/p';\nexport const t = m;\n",
      [`${L}/trace/t.spec.ts`]:
        "import { t } from './t';\nimport { V } from '../../index';\nexport const s = [t, V];\n",
    },
    fileCycles: [],
    folderCycles: [],
  },
];
