import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';

/** The package whose public typings Cited's imports must stay within. */
export const AX_PACKAGE = '@ax-llm/ax';

/** One name Cited takes from Ax, and where. */
export interface AxImport {
  /** Path relative to the scanned root. */
  file: string;
  line: number;
  /** The exported name used (`default` for a default import). */
  name: string;
}

const SOURCE_EXTENSIONS = /\.(?:ts|mts|cts|js|mjs|cjs)$/;
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'coverage']);

/** Source files under `dirs` (relative to `root`), skipping dependencies, builds and dot folders. */
export function listSourceFiles(root: string, dirs: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isDirectory()) {
        if (!SKIPPED_DIRS.has(e.name) && !e.name.startsWith('.')) walk(join(dir, e.name));
      } else if (SOURCE_EXTENSIONS.test(e.name) && !e.name.endsWith('.d.ts')) {
        out.push(join(dir, e.name));
      }
    }
  };
  for (const d of dirs) walk(join(root, d));
  return out.sort();
}

function isAxSpecifier(node: ts.Node | undefined): boolean {
  return node !== undefined && ts.isStringLiteralLike(node) && node.text === AX_PACKAGE;
}

/** `require('@ax-llm/ax')` or `import('@ax-llm/ax')`. */
function isAxLoad(node: ts.Node): node is ts.CallExpression {
  if (!ts.isCallExpression(node) || !isAxSpecifier(node.arguments[0])) return false;
  return (
    node.expression.kind === ts.SyntaxKind.ImportKeyword ||
    (ts.isIdentifier(node.expression) && node.expression.text === 'require')
  );
}

function bindingNames(pattern: ts.ObjectBindingPattern): ts.Identifier[] {
  const out: ts.Identifier[] = [];
  for (const el of pattern.elements) {
    const key = el.propertyName ?? el.name;
    if (ts.isIdentifier(key)) out.push(key);
  }
  return out;
}

/**
 * Every name a source text takes from Ax: named and type imports, re-exports, `require` and
 * `import()` with destructuring or a member access, `import('@ax-llm/ax').X` types, and the
 * members used through a namespace (`import * as ax`, `const ax = require(...)`).
 * Parsed with the TypeScript compiler, so comments and strings do not count.
 */
export function axImportsInSource(file: string, text: string): AxImport[] {
  const kind = /\.(?:m|c)?js$/.test(file) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const found: AxImport[] = [];
  const namespaces = new Set<string>();
  const add = (node: ts.Node, name: string): void => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    found.push({ file, line: line + 1, name });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && isAxSpecifier(node.moduleSpecifier)) {
      const clause = node.importClause;
      if (clause?.name) add(clause.name, 'default');
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) namespaces.add(bindings.name.text);
      if (bindings && ts.isNamedImports(bindings)) {
        for (const el of bindings.elements) add(el, (el.propertyName ?? el.name).text);
      }
    } else if (ts.isExportDeclaration(node) && isAxSpecifier(node.moduleSpecifier)) {
      const clause = node.exportClause;
      if (clause && ts.isNamedExports(clause)) {
        for (const el of clause.elements) add(el, (el.propertyName ?? el.name).text);
      }
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      isAxSpecifier(node.moduleReference.expression)
    ) {
      namespaces.add(node.name.text);
    } else if (ts.isImportTypeNode(node) && isAxSpecifier(literalOf(node.argument))) {
      if (node.qualifier) add(node.qualifier, leftmostName(node.qualifier));
    } else if (isAxLoad(node)) {
      let user: ts.Node = node.parent;
      while (ts.isAwaitExpression(user) || ts.isParenthesizedExpression(user)) user = user.parent;
      if (ts.isVariableDeclaration(user) && ts.isObjectBindingPattern(user.name)) {
        for (const id of bindingNames(user.name)) add(id, id.text);
      } else if (ts.isVariableDeclaration(user) && ts.isIdentifier(user.name)) {
        namespaces.add(user.name.text);
      } else if (ts.isPropertyAccessExpression(user)) {
        add(user.name, user.name.text);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (namespaces.size > 0) {
    const members = (node: ts.Node): void => {
      if (
        ts.isPropertyAccessExpression(node) &&
        ts.isIdentifier(node.expression) &&
        namespaces.has(node.expression.text)
      ) {
        add(node.name, node.name.text);
      } else if (
        ts.isQualifiedName(node) &&
        ts.isIdentifier(node.left) &&
        namespaces.has(node.left.text)
      ) {
        add(node.right, node.right.text);
      }
      ts.forEachChild(node, members);
    };
    members(source);
  }
  return found.sort((a, b) => a.line - b.line);
}

function literalOf(node: ts.TypeNode): ts.Node | undefined {
  return ts.isLiteralTypeNode(node) ? node.literal : undefined;
}

function leftmostName(name: ts.EntityName): string {
  return ts.isIdentifier(name) ? name.text : leftmostName(name.left);
}

/** Every Ax import in the files under `dirs` of `root`. */
export function scanAxImports(root: string, dirs: readonly string[]): AxImport[] {
  return listSourceFiles(root, dirs).flatMap((path) =>
    axImportsInSource(relative(root, path), readFileSync(path, 'utf8')),
  );
}

/**
 * The names `@ax-llm/ax` exports in its declared types, as the TypeScript compiler sees them
 * from `fromFile` (module resolution as in the workspace: `nodenext`): the resolved typings'
 * module symbol, then `getExportsOfModule`. Private members of exported classes are not
 * exports, and neither are names Ax uses inside its bundle without exporting them.
 */
export function axPublicExports(fromFile: string): ReadonlySet<string> {
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    skipLibCheck: true,
    noEmit: true,
    types: [],
  };
  const resolved = ts.resolveModuleName(AX_PACKAGE, fromFile, options, ts.sys).resolvedModule;
  if (!resolved) throw new Error(`cannot resolve the typings of ${AX_PACKAGE} from ${fromFile}`);
  const program = ts.createProgram([resolved.resolvedFileName], options);
  const typings = program.getSourceFile(resolved.resolvedFileName);
  const moduleSymbol = typings && program.getTypeChecker().getSymbolAtLocation(typings);
  if (!moduleSymbol) throw new Error(`${resolved.resolvedFileName} is not a module`);
  return new Set(
    program
      .getTypeChecker()
      .getExportsOfModule(moduleSymbol)
      .map((s) => s.getName()),
  );
}

/** The imports whose name `exported` does not contain. */
export function unexportedAxImports(
  imports: readonly AxImport[],
  exported: ReadonlySet<string>,
): AxImport[] {
  return imports.filter((i) => !exported.has(i.name));
}
