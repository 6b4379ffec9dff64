#!/usr/bin/env node
// Import cycles between the source files of every project (apps/*/src, libs/*/src; tests and
// src/test-fixtures/ left out), type-only imports included: `import type` is erased from the
// output, so ESLint's import/no-cycle ignores it, yet such a cycle still ties the files
// together for a reader and for the type checker. Also checks that the folders of
// libs/dspy-pipeline/src/lib, apps/eval-runner/src and its runner/ form layers (no cycle
// between folders).
// Imports are read with TypeScript's own parser (tools/import-graph.mjs). Before checking the
// repository the tool runs itself on planted trees (tools/check-cycles-probes.mjs) and stops
// if one is misjudged.
// Usage: node tools/check-cycles.mjs [ROOT]  (ROOT defaults to this repository)
// Exit 0 = no cycle; 1 = a cycle in the repository; 2 = the tool failed its own probes.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROBES } from './check-cycles-probes.mjs';
import { checkCycles } from './import-graph.mjs';

/** The library whose folders under src/lib must not import each other in a cycle. */
const LAYERED_LIB = 'libs/dspy-pipeline/src/lib';
/** Every folder tree kept layered: dspy-pipeline's, and eval-runner's (its src and runner/). */
const LAYERED = [LAYERED_LIB, 'apps/eval-runner/src', 'apps/eval-runner/src/runner'];

/** Plants each probe tree in a temp folder and checks that exactly its expected cycles are found. */
function runProbes() {
  const failures = [];
  for (const probe of PROBES) {
    const dir = mkdtempSync(join(tmpdir(), 'cited-cycles-'));
    try {
      for (const [file, text] of Object.entries(probe.files)) {
        mkdirSync(dirname(join(dir, file)), { recursive: true });
        writeFileSync(join(dir, file), text);
      }
      const r = checkCycles(dir, LAYERED_LIB);
      const compare = (kind, found, wanted) => {
        const f = new Set(found.map((c) => c.join(' ')));
        const w = new Set(wanted.map((c) => [...c].sort().join(' ')));
        for (const c of w) if (!f.has(c)) failures.push(`${probe.name}: missed ${kind} ${c}`);
        for (const c of f)
          if (!w.has(c)) failures.push(`${probe.name}: wrongly flagged ${kind} ${c}`);
      };
      compare(
        'file cycle',
        r.fileCycles.map((c) => c.files),
        probe.fileCycles,
      );
      compare(
        'folder cycle',
        r.folderCycles.map((c) => c.folders),
        probe.folderCycles,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return failures;
}

function main() {
  const failures = runProbes();
  if (failures.length > 0) {
    console.error('check-cycles: THE TOOL ITSELF IS BROKEN — a planted tree was misjudged:');
    for (const f of failures) console.error(`  ${f}`);
    process.exit(2);
  }
  console.log(`self-test: ${PROBES.length} planted trees judged as expected`);

  // Another checkout can be checked by naming its root (the planted trees still run first).
  const root = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..');
  const [r, ...others] = LAYERED.map((dir) => checkCycles(root, dir));
  r.fileCycles.forEach((c, i) => {
    console.log(`\nimport cycle ${i + 1} (${c.files.length} files):`);
    for (const f of c.files) console.log(`  ${f}`);
    for (const e of c.edges)
      console.log(`    ${e.from}:${e.line} ${e.kind} '${e.spec}' -> ${e.to}`);
  });
  const layered = [r, ...others].map((x, i) => ({ dir: LAYERED[i], cycles: x.folderCycles }));
  for (const { dir, cycles } of layered)
    cycles.forEach((c, i) => {
      console.log(`\nfolder cycle ${i + 1} in ${dir}: ${c.folders.join(', ')}`);
      for (const e of c.edges) {
        const x = e.example;
        console.log(
          `  ${e.fromFolder}/ -> ${e.toFolder}/  e.g. ${x.from}:${x.line} ${x.kind} '${x.spec}'`,
        );
      }
    });
  const folderCycles = layered.reduce((n, x) => n + x.cycles.length, 0);
  if (r.fileCycles.length + folderCycles > 0) console.log('');
  console.log(`source files: ${r.fileCount}, imports between them: ${r.edgeCount}`);
  console.log(`import cycles: ${r.fileCycles.length}`);
  for (const { dir, cycles } of layered) console.log(`folder cycles in ${dir}: ${cycles.length}`);
  if (r.fileCycles.length + folderCycles > 0) process.exit(1);
}

main();
