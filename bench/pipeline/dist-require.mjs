// Loads the built libraries from dist/ with Node's ordinary module resolution.
// The built files import each other by package name (`@cited/pii-scrub`, ...): linking
// dist/node_modules/@cited/<lib> -> ../../libs/<lib> lets Node find them exactly as it would in
// an installed package, with no patching of the resolver.
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readlinkSync,
  symlinkSync,
  unlinkSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(fileURLToPath(import.meta.url), '..', '..', '..');
const distLibs = join(root, 'dist', 'libs');

/** Links every built library into dist/node_modules/@cited (idempotent). */
export function linkDistPackages() {
  if (!existsSync(distLibs))
    throw new Error('dist/libs is missing: run the build first (npm run bench:pipeline does).');
  const scope = join(root, 'dist', 'node_modules', '@cited');
  mkdirSync(scope, { recursive: true });
  for (const name of readdirSync(distLibs)) {
    const link = join(scope, name);
    const target = join('..', '..', 'libs', name);
    if (existsSync(link) || isDanglingLink(link)) {
      if (lstatSync(link).isSymbolicLink() && readlinkSync(link) === target) continue;
      unlinkSync(link);
    }
    symlinkSync(target, link, 'dir');
  }
}

function isDanglingLink(path) {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** `require` resolving from dist/, so `@cited/<lib>` is the built package. */
export function distRequire() {
  linkDistPackages();
  return createRequire(join(root, 'dist', 'index.cjs'));
}
