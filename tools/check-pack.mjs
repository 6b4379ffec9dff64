#!/usr/bin/env node
// Checks that every built library is publishable: `npm pack --dry-run` on dist/libs/<lib>
// lists only built files (.js, .d.ts, source maps), README.md, CHANGELOG.md, package.json and
// the sample data under assets/, the package.json `exports` point at files that exist (types
// included), and every `sourceMappingURL` of a packed .js file names a packed map.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const libs = readdirSync(join(root, 'libs'));
let failures = 0;
for (const lib of libs) {
  const dir = join(root, 'dist/libs', lib);
  if (!existsSync(dir)) {
    console.error(`FAIL ${lib}: ${dir} is missing; run \`npm run build\` first`);
    failures++;
    continue;
  }
  const [report] = JSON.parse(
    execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: dir, encoding: 'utf8' }),
  );
  const bad = report.files
    .map((f) => f.path)
    .filter(
      (p) =>
        !(
          ['package.json', 'README.md', 'CHANGELOG.md'].includes(p) ||
          p.startsWith('assets/') ||
          /\.(js|d\.ts|js\.map)$/.test(p)
        ),
    );
  const packed = new Set(report.files.map((f) => f.path));
  const unmapped = [...packed]
    .filter((p) => p.endsWith('.js'))
    .flatMap((p) => {
      const ref = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(readFileSync(join(dir, p), 'utf8'))?.[1];
      return ref && !packed.has(posix.join(posix.dirname(p), ref)) ? [p] : [];
    });
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const targets = Object.values(pkg.exports ?? {})
    .flatMap((e) => (typeof e === 'string' ? [e] : Object.values(e)))
    .filter((t) => t !== './package.json');
  const missing = targets.filter((t) => !existsSync(join(dir, t)));
  const hasTypes = Object.values(pkg.exports ?? {}).some(
    (e) => typeof e === 'object' && 'types' in e,
  );
  const noReadme = !report.files.some((f) => f.path === 'README.md');
  if (
    bad.length ||
    missing.length ||
    unmapped.length ||
    !hasTypes ||
    noReadme ||
    pkg.name !== `@cited/${lib}`
  ) {
    failures++;
    console.error(
      `FAIL ${lib}: unexpected files ${JSON.stringify(bad)}, missing export targets ${JSON.stringify(missing)}, source maps referenced but not packed ${JSON.stringify(unmapped.slice(0, 5))}, types export ${hasTypes}, README ${!noReadme}, name ${pkg.name}`,
    );
  } else {
    console.log(
      `ok   ${pkg.name}@${pkg.version}: ${report.files.length} files, ${report.size} bytes packed`,
    );
  }
}
if (failures) process.exit(1);
