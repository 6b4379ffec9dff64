import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// Runs the built CLI the way users do (the test target depends on `build`).
const root = join(__dirname, '..', '..', '..');

describe('built eval-runner binary', () => {
  it('`npx eval-runner --help` lists the commands', () => {
    const r = spawnSync('npx', ['--no-install', 'eval-runner', '--help'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/demo/);
    expect(r.stdout).toMatch(/config/);
  });

  it('exits 2 for bad usage', () => {
    const r = spawnSync('node', [join(root, 'dist/apps/eval-runner/main.js'), 'config', '--nope'], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown option/);
  });
});
