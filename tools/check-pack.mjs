#!/usr/bin/env node
// Checks that every built library is publishable: `npm pack --dry-run` on dist/libs/<lib>
// lists only built files (.js, .d.ts, source maps), README.md and package.json, and the
// package.json `exports` point at files that exist (types included).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

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
    .filter((p) => !(p === 'package.json' || p === 'README.md' || /\.(js|d\.ts|js\.map)$/.test(p)));
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const targets = Object.values(pkg.exports ?? {})
    .flatMap((e) => (typeof e === 'string' ? [e] : Object.values(e)))
    .filter((t) => t !== './package.json');
  const missing = targets.filter((t) => !existsSync(join(dir, t)));
  const hasTypes = Object.values(pkg.exports ?? {}).some(
    (e) => typeof e === 'object' && 'types' in e,
  );
  const noReadme = !report.files.some((f) => f.path === 'README.md');
  if (bad.length || missing.length || !hasTypes || noReadme || pkg.name !== `@cited/${lib}`) {
    failures++;
    console.error(
      `FAIL ${lib}: unexpected files ${JSON.stringify(bad)}, missing export targets ${JSON.stringify(missing)}, types export ${hasTypes}, README ${!noReadme}, name ${pkg.name}`,
    );
  } else {
    console.log(
      `ok   ${pkg.name}@${pkg.version}: ${report.files.length} files, ${report.size} bytes packed`,
    );
  }
}
if (failures) process.exit(1);
