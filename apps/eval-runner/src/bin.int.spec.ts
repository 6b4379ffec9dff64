import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

  it('keeps the name lexicon under .cited/cache/pii (0600) and scrubs the same with it', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cited-bin-lexicon-'));
    try {
      writeFileSync(
        join(cwd, 'in.jsonl'),
        '{"note":"Yesterday Maria Gonzalez called Dr. Priya Raman."}\n',
      );
      const scrub = (out: string) =>
        spawnSync(
          'node',
          [
            join(root, 'dist/apps/eval-runner/main.js'),
            'pii',
            'scrub',
            'in.jsonl',
            '--out',
            out,
            '--profile',
            'strict',
          ],
          { cwd, encoding: 'utf8' },
        );
      expect(scrub('first.jsonl').status).toBe(0);
      const snapshot = join(cwd, '.cited/cache/pii/name-lexicon.json');
      expect(statSync(snapshot).mode & 0o777).toBe(0o600);
      // The second run reads the snapshot instead of compromise: same output.
      expect(scrub('second.jsonl').status).toBe(0);
      const first = readFileSync(join(cwd, 'first.jsonl'), 'utf8');
      expect(first).not.toMatch(/Maria|Gonzalez|Priya|Raman/);
      expect(readFileSync(join(cwd, 'second.jsonl'), 'utf8')).toBe(first);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
