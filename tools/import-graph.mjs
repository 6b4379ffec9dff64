// The import graph of a workspace's project sources, read with TypeScript's parser, and its
// cycles: file cycles (strongly connected components) and the folder cycles of one layered
// library. Used by tools/check-cycles.mjs.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import ts from 'typescript';

const SOURCE_EXTS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const RESOLVE_EXTS = ['.ts', '.tsx', '.d.ts', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
// *.spec.ts, *.int.spec.ts, *.e2e.spec.ts (and *.test.* alike) are tests, not source.
const TEST_FILE = /\.(spec|test)\.[cm]?[jt]sx?$/;

const toPosix = (p) => p.split(sep).join('/');

/** Source files (paths relative to `root`, `/`-separated) of every project under apps/ and libs/. */
function sourceFiles(root) {
  const out = [];
  const walk = (dir, src) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name === 'node_modules') continue;
        if (dir === src && entry.name === 'test-fixtures') continue;
        walk(full, src);
      } else if (SOURCE_EXTS.some((e) => entry.name.endsWith(e)) && !TEST_FILE.test(entry.name)) {
        out.push(toPosix(relative(root, full)));
      }
    }
  };
  for (const group of ['apps', 'libs']) {
    if (!existsSync(join(root, group))) continue;
    for (const project of readdirSync(join(root, group), { withFileTypes: true })) {
      const src = join(root, group, project.name, 'src');
      if (project.isDirectory() && existsSync(src)) walk(src, src);
    }
  }
  return out.sort();
}

/** The `paths` aliases of tsconfig.base.json, longest prefix first (TypeScript's precedence). */
function aliasesOf(root) {
  const file = join(root, 'tsconfig.base.json');
  if (!existsSync(file)) return [];
  const { config, error } = ts.readConfigFile(file, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const options = config.compilerOptions ?? {};
  const base = join(root, options.baseUrl ?? '.');
  return Object.entries(options.paths ?? {})
    .map(([key, targets]) => {
      const star = key.indexOf('*');
      return {
        prefix: star < 0 ? key : key.slice(0, star),
        suffix: star < 0 ? '' : key.slice(star + 1),
        wildcard: star >= 0,
        targets: targets.map((t) => join(base, t)),
      };
    })
    .sort((a, b) => b.prefix.length - a.prefix.length);
}

const isFile = (p) => existsSync(p) && statSync(p).isFile();

/** The file an extensionless, `.js`-suffixed or directory specifier lands on, as TypeScript finds it. */
function resolveFile(target) {
  const js = /\.(m|c)?jsx?$/.exec(target);
  if (js) {
    const stem = target.slice(0, js.index);
    const tsExt = { '.js': ['.ts', '.tsx'], '.jsx': ['.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] }[
      js[0]
    ];
    for (const e of tsExt) if (isFile(stem + e)) return stem + e;
  }
  if (isFile(target) && RESOLVE_EXTS.some((e) => target.endsWith(e))) return target;
  for (const e of RESOLVE_EXTS) if (isFile(target + e)) return target + e;
  for (const e of RESOLVE_EXTS)
    if (isFile(join(target, 'index' + e))) return join(target, 'index' + e);
  return null;
}

/** Resolves a relative or workspace-alias specifier; null for packages and unknown files. */
function resolveSpecifier(spec, fromFile, aliases) {
  if (spec === '.' || spec === '..' || spec.startsWith('./') || spec.startsWith('../')) {
    return resolveFile(join(dirname(fromFile), spec));
  }
  for (const a of aliases) {
    const hit = a.wildcard
      ? spec.length >= a.prefix.length + a.suffix.length &&
        spec.startsWith(a.prefix) &&
        spec.endsWith(a.suffix)
      : spec === a.prefix;
    if (!hit) continue;
    const star = a.wildcard ? spec.slice(a.prefix.length, spec.length - a.suffix.length) : '';
    for (const t of a.targets) {
      const found = resolveFile(a.wildcard ? t.replace('*', star) : t);
      if (found) return found;
    }
    return null;
  }
  return null;
}

const literalText = (n) =>
  n && (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) ? n.text : null;

/** Every module reference of a file: `{ spec, line, kind }`, type-only ones included. */
function importsOf(fileName, text) {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found = [];
  const add = (specNode, node, kind) => {
    const spec = literalText(specNode);
    if (spec === null) return;
    const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
    found.push({ spec, line, kind });
  };
  const visit = (node) => {
    if (ts.isImportDeclaration(node)) {
      const c = node.importClause;
      const named =
        c?.namedBindings && ts.isNamedImports(c.namedBindings) ? c.namedBindings.elements : [];
      const typeOnly =
        c && (c.isTypeOnly || (!c.name && named.length > 0 && named.every((e) => e.isTypeOnly)));
      add(
        node.moduleSpecifier,
        node,
        !c ? 'import (side effect)' : typeOnly ? 'import type' : 'import',
      );
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      const kind = node.isTypeOnly
        ? 'export type from'
        : node.exportClause
          ? 'export from'
          : 'export * from';
      add(node.moduleSpecifier, node, kind);
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference)
    ) {
      add(node.moduleReference.expression, node, 'import = require()');
    } else if (ts.isCallExpression(node) && node.arguments.length >= 1) {
      if (node.expression.kind === ts.SyntaxKind.ImportKeyword)
        add(node.arguments[0], node, 'import()');
      else if (ts.isIdentifier(node.expression) && node.expression.text === 'require') {
        add(node.arguments[0], node, 'require()');
      }
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal, node, 'import() type');
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** Strongly connected components with a cycle (two or more nodes, or a node importing itself). */
function cyclicComponents(nodes, succ) {
  const index = new Map();
  const low = new Map();
  const onStack = new Set();
  const stack = [];
  const out = [];
  let next = 0;
  for (const start of nodes) {
    if (index.has(start)) continue;
    // Iterative Tarjan: each frame is a node and an iterator over its successors.
    const frames = [{ v: start, it: succ(start)[Symbol.iterator]() }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1];
      const step = frame.it.next();
      if (!step.done) {
        const w = step.value;
        if (!index.has(w)) {
          index.set(w, next);
          low.set(w, next++);
          stack.push(w);
          onStack.add(w);
          frames.push({ v: w, it: succ(w)[Symbol.iterator]() });
        } else if (onStack.has(w)) {
          low.set(frame.v, Math.min(low.get(frame.v), index.get(w)));
        }
        continue;
      }
      frames.pop();
      const v = frame.v;
      if (frames.length > 0) {
        const parent = frames[frames.length - 1].v;
        low.set(parent, Math.min(low.get(parent), low.get(v)));
      }
      if (low.get(v) !== index.get(v)) continue;
      const comp = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1 || succ(v).includes(v)) out.push(comp.sort());
    }
  }
  return out.sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

/** The folder of a file of the layered library: its first folder under src/lib, `.` for files at the top. */
function folderOf(file, layeredLib) {
  const rest = file.slice(layeredLib.length + 1).split('/');
  return rest.length > 1 ? rest[0] : '.';
}

/** Builds the import graph of `root` and returns its file cycles and the layered library's folder cycles. */
export function checkCycles(root, layeredLib) {
  const files = sourceFiles(root);
  const known = new Set(files);
  const aliases = aliasesOf(root);
  const edges = new Map();
  let edgeCount = 0;
  for (const file of files) {
    const list = [];
    for (const imp of importsOf(file, readFileSync(join(root, file), 'utf8'))) {
      const target = resolveSpecifier(imp.spec, join(root, file), aliases);
      const to = target && toPosix(relative(root, target));
      if (to && known.has(to)) list.push({ ...imp, to });
    }
    edges.set(file, list);
    edgeCount += list.length;
  }
  const succ = (f) => [...new Set((edges.get(f) ?? []).map((e) => e.to))];
  const fileCycles = cyclicComponents(files, succ).map((comp) => {
    const inside = new Set(comp);
    return {
      files: comp,
      edges: comp.flatMap((f) =>
        edges
          .get(f)
          .filter((e) => inside.has(e.to))
          .map((e) => ({ from: f, ...e })),
      ),
    };
  });

  // Folder graph: X -> Y when a file in X imports a file in Y (first such import kept as the example).
  const inLib = (f) => f.startsWith(layeredLib + '/');
  const folderEdges = new Map();
  for (const [from, list] of edges) {
    if (!inLib(from)) continue;
    for (const e of list) {
      if (!inLib(e.to)) continue;
      const [fx, fy] = [folderOf(from, layeredLib), folderOf(e.to, layeredLib)];
      if (fx === fy) continue;
      const out = folderEdges.get(fx) ?? new Map();
      folderEdges.set(fx, out);
      if (!out.has(fy)) out.set(fy, { from, ...e });
    }
  }
  const folders = [...new Set(files.filter(inLib).map((f) => folderOf(f, layeredLib)))].sort();
  const folderCycles = cyclicComponents(folders, (x) => [
    ...(folderEdges.get(x)?.keys() ?? []),
  ]).map((comp) => ({
    folders: comp,
    edges: comp.flatMap((x) =>
      [...(folderEdges.get(x) ?? new Map())]
        .filter(([y]) => comp.includes(y))
        .map(([y, example]) => ({ fromFolder: x, toFolder: y, example })),
    ),
  }));
  return { fileCount: files.length, edgeCount, fileCycles, folderCycles };
}
