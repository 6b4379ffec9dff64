import { randomUUID } from 'node:crypto';
import {
  chmod,
  copyFile,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  writeFile,
} from 'node:fs/promises';
import { join } from 'node:path';
import { MlflowClientError } from '../errors/mlflow-client-error';
import type { PendingTraces } from '../tracing/run-traces';
import { spoolEntrySchema, type SpoolEntry } from './spool-entry';

/** Name of the traces file inside a spool entry. */
export const SPOOL_TRACES_FILE = 'traces.jsonl';

/** Default spool folder, relative to the working directory. */
export const DEFAULT_SPOOL_DIR = '.cited/spool';

/** An artifact to keep: a local file (copied now, so later edits or deletes do not matter) or bytes. */
export type SpoolArtifact = { artifactPath: string } & ({ localFile: string } | { data: Buffer });

/** Writes `data` to `file` atomically, readable by the owner only. */
export async function writePrivateFile(file: string, data: string | Buffer): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, data, { mode: 0o600 });
  await rename(tmp, file);
}

/**
 * Saves a run to the spool: `<dir>/<id>/run.json` plus `files/<n>` copies of its artifacts
 * and `traces.jsonl`, the traces the server did not accept.
 * Folders are 0700 and files 0600 (runs may carry sensitive params). The entry appears
 * atomically: it is built under a `.tmp-` name and renamed when complete.
 * @returns the entry's folder.
 */
export async function writeSpoolEntry(
  spoolDir: string,
  entry: Omit<SpoolEntry, 'id' | 'version' | 'createdAt' | 'artifacts' | 'traces'>,
  artifacts: readonly SpoolArtifact[],
  traces?: PendingTraces,
): Promise<string> {
  const id = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`;
  try {
    await mkdir(spoolDir, { recursive: true, mode: 0o700 });
    await chmod(spoolDir, 0o700);
    const building = join(spoolDir, `.tmp-${id}`);
    await mkdir(join(building, 'files'), { recursive: true, mode: 0o700 });
    const files: SpoolEntry['artifacts'] = [];
    for (const [i, a] of artifacts.entries()) {
      const file = `files/${i}`;
      if ('localFile' in a) await copyFile(a.localFile, join(building, file));
      else await writeFile(join(building, file), a.data);
      await chmod(join(building, file), 0o600);
      files.push({ file, artifactPath: a.artifactPath });
    }
    if (traces !== undefined)
      await traces.journal.copyFrom(traces.from, join(building, SPOOL_TRACES_FILE));
    const full: SpoolEntry = {
      version: 1,
      id,
      createdAt: new Date().toISOString(),
      ...entry,
      artifacts: files,
      ...(traces === undefined ? {} : { traces: { file: SPOOL_TRACES_FILE, count: traces.count } }),
    };
    await writePrivateFile(join(building, 'run.json'), JSON.stringify(full, null, 2));
    const final = join(spoolDir, id);
    await rename(building, final);
    return final;
  } catch (cause) {
    throw new MlflowClientError('spool_error', `cannot write the MLflow spool in ${spoolDir}.`, {
      cause,
      fix: 'Check that the folder is writable (set spoolDir to another folder otherwise).',
    });
  }
}

/** Folders of complete spool entries, oldest first. */
export async function listSpoolEntries(spoolDir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(spoolDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names
    .filter((n) => /^[\w-]+$/.test(n) && !n.startsWith('.'))
    .sort()
    .map((n) => join(spoolDir, n));
}

/** Reads and validates an entry's `run.json`. */
export async function readSpoolEntry(entryDir: string): Promise<SpoolEntry> {
  const file = join(entryDir, 'run.json');
  const parsed = spoolEntrySchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
  if (!parsed.success)
    throw new MlflowClientError(
      'spool_error',
      `${file} is not a valid spool entry: ${parsed.error.issues[0]?.message ?? ''}.`,
      {
        where: file,
        fix: 'Move the folder out of the spool and inspect it by hand.',
      },
    );
  return parsed.data;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the entry's lock (`sync.lock` holding our pid). A lock left by a dead process is
 * taken over; a live holder means another sync is replaying it: returns null.
 */
export async function lockEntry(entryDir: string): Promise<(() => Promise<void>) | null> {
  const lock = join(entryDir, 'sync.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fh = await open(lock, 'wx', 0o600);
      await fh.writeFile(String(process.pid));
      await fh.close();
      return () => rm(lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(await readFile(lock, 'utf8').catch(() => ''));
      if (Number.isInteger(pid) && pid > 0 && alive(pid)) return null;
      await rm(lock, { force: true });
    }
  }
  return null;
}

/** Removes a replayed entry: renamed away first, so a half-removed folder is never replayed. */
export async function removeEntry(entryDir: string): Promise<void> {
  const gone = join(entryDir, '..', `.done-${entryDir.split(/[\\/]/).pop() ?? ''}`);
  await rename(entryDir, gone);
  await rm(gone, { recursive: true, force: true });
}
