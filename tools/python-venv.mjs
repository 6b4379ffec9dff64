// Project-local Python venvs with ONE pinned package each (mlflow, schemathesis): found or
// created once, guarded by a lock directory so parallel test workers install only once.
//
// Module: import { ensurePythonVenv, withInstallLock, isAlive } from './python-venv.mjs'
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Whether process `pid` is running (a zombie, exited but not reaped, counts as gone). */
export function isAlive(pid) {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return e.code === 'EPERM';
  }
  // A zombie (exited, not yet reaped by its parent; a detached child's parent is often
  // gone, so init reaps it late) still answers signal 0: it is not running any more.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no procfs (macOS): trust signal 0
  }
}

/**
 * Runs `fn` holding the lock directory `<dir>.lock`. A lock whose owner died is taken over;
 * waiting longer than `timeoutMs` throws.
 */
export async function withInstallLock(dir, fn, timeoutMs = 30 * 60_000) {
  mkdirSync(dirname(dir), { recursive: true });
  const lock = `${dir}.lock`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch {
      let owner = NaN;
      try {
        owner = Number(readFileSync(join(lock, 'pid'), 'utf8'));
      } catch {
        /* lock being created: wait */
      }
      if (Number.isInteger(owner) && owner > 0 && !isAlive(owner)) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`Timed out waiting for install lock ${lock}`);
      await sleep(500);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * The first of `python3`, `python` on PATH that is Python 3.`minMinor` or newer.
 * @throws {Error} with `missingHint` when there is none.
 */
export function findPython3(minMinor, missingHint) {
  for (const cmd of ['python3', 'python']) {
    const r = spawnSync(cmd, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], {
      encoding: 'utf8',
    });
    if (r.status !== 0) continue;
    const [major, minor] = r.stdout.trim().split('.').map(Number);
    if (major === 3 && minor >= minMinor) return cmd;
  }
  throw new Error(missingHint);
}

/**
 * Creates the venv `dir` and installs `<pkg>==<version>` once (with `extraSpecs`, further
 * pinned `name==version` requirements, in the same pip call). A marker file records the
 * installed version (and the extra specs), so a changed pin re-installs; concurrent callers
 * wait on the lock.
 * @param {{ dir: string, pkg: string, version: string, marker: string, minPythonMinor?: number,
 *   missingPythonHint: string, label: string, installNote?: string, lockTimeoutMs?: number,
 *   extraSpecs?: string[], log?: (m: string) => void }} o
 * @returns {Promise<string>} the venv's python path.
 */
export async function ensurePythonVenv(o) {
  const python = join(o.dir, 'bin', 'python');
  const marker = join(o.dir, o.marker);
  const stamp = [o.version, ...(o.extraSpecs ?? [])].join(' ');
  const ready = () => existsSync(marker) && readFileSync(marker, 'utf8').trim() === stamp;
  if (ready()) return python;
  const log = o.log ?? ((m) => process.stderr.write(`${m}\n`));
  return withInstallLock(
    o.dir,
    async () => {
      if (ready()) return python;
      if (!existsSync(python)) {
        const py = findPython3(o.minPythonMinor ?? 0, o.missingPythonHint);
        log(`${o.label}: creating Python venv in ${o.dir}`);
        const r = spawnSync(py, ['-m', 'venv', o.dir], { stdio: 'inherit' });
        if (r.status !== 0)
          throw new Error(
            `\`${py} -m venv ${o.dir}\` failed. Install the venv module (Debian/Ubuntu: apt-get install python3-venv).`,
          );
      }
      const specs = [`${o.pkg}==${o.version}`, ...(o.extraSpecs ?? [])];
      const spec = specs.join(' ');
      log(`${o.label}: installing ${spec} (${o.installNote ?? 'once'})`);
      const pip = spawnSync(
        python,
        ['-m', 'pip', 'install', '--disable-pip-version-check', '-q', ...specs],
        { stdio: 'inherit' },
      );
      if (pip.status !== 0) throw new Error(`pip install ${spec} failed (see the output above).`);
      writeFileSync(`${marker}.tmp`, `${stamp}\n`);
      renameSync(`${marker}.tmp`, marker);
      return python;
    },
    o.lockTimeoutMs,
  );
}
