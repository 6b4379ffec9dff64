import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import * as ts from 'typescript';

/**
 * The floors of `src/lib`, bottom first (README "Layout"). A source file may import files of
 * its own folder and of folders on lower floors, never of its floor or above: shared types
 * sit at the bottom and no two folders depend on each other. Tests (`*.spec.ts`) may cross
 * floors to exercise a whole path. A new folder must be given a floor here.
 */
const FLOORS: readonly (readonly string[])[] = [
  ['model', 'errors'],
  ['config', 'ingest', 'trace'],
  ['llm', 'retrieval', 'corpus'],
  ['extractive', 'programs', 'metrics'],
  ['verify', 'artifact'],
  ['pipeline'],
  ['optimize', 'testing', 'validation', 'tracing'],
];

const LIB = join(__dirname, 'lib');
const floorOf = new Map(FLOORS.flatMap((folders, floor) => folders.map((f) => [f, floor])));

/** The folder of `src/lib` a path is in, or undefined for files directly in `src/lib`. */
function folderOf(path: string): string | undefined {
  const parts = relative(LIB, path).split(sep);
  return parts.length > 1 ? parts[0] : undefined;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sourceFiles(join(dir, e.name))
      : e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts')
        ? [join(dir, e.name)]
        : [],
  );
}

/** Cross-folder imports of the library's source files (type-only imports included). */
function folderImports(): Array<{ file: string; from: string; to: string }> {
  const out: Array<{ file: string; from: string; to: string }> = [];
  for (const file of sourceFiles(LIB)) {
    const from = folderOf(file);
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const to = folderOf(resolve(dirname(file), fileName));
      if (from !== undefined && to !== undefined && to !== from)
        out.push({ file: relative(LIB, file), from, to });
    }
  }
  return out;
}

/** The imports that go to the importer's own floor or above it. */
function upward(list: ReadonlyArray<{ file: string; from: string; to: string }>): string[] {
  return list
    .filter(({ from, to }) => (floorOf.get(to) ?? 0) >= (floorOf.get(from) ?? 0))
    .map(({ file, to }) => `${file} imports ${to}/`);
}

describe('dspy-pipeline folder floors', () => {
  const imports = folderImports();

  it('gives every folder of src/lib a floor', () => {
    const folders = readdirSync(LIB, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    expect(folders.filter((f) => !floorOf.has(f))).toEqual([]);
    expect(imports.length).toBeGreaterThan(20);
  });

  it('has no folder importing its own floor or a floor above it', () => {
    expect(upward(imports)).toEqual([]);
  });

  it('reports imports upward and across one floor, and allows them downward', () => {
    expect(
      upward([
        // Where answer-result.ts used to be: pipeline/, imported from trace/.
        { file: 'trace/trace-sink.ts', from: 'trace', to: 'pipeline' },
        { file: 'llm/llm-service.ts', from: 'llm', to: 'retrieval' },
        { file: 'pipeline/dspy-pipeline.ts', from: 'pipeline', to: 'model' },
      ]),
    ).toEqual(['trace/trace-sink.ts imports pipeline/', 'llm/llm-service.ts imports retrieval/']);
  });
});
