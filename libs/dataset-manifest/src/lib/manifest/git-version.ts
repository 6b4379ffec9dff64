import { execFile } from 'node:child_process';
import { dirname, relative } from 'node:path';

/** The version a file gets by default, and where it came from. */
export interface GitVersion {
  /** The commit SHA that last touched the file, or `unversioned`. */
  version: string;
  /** The repository root when the file is inside a git work tree. */
  repoRoot: string | null;
  /** Why the version is `unversioned` (empty when a commit was found). */
  reason: string;
}

function git(cwd: string, args: string[]): Promise<string | null> {
  return new Promise((resolve) => {
    execFile('git', args, { cwd, timeout: 15_000, maxBuffer: 1 << 20 }, (error, stdout) =>
      resolve(error ? null : stdout.trim()),
    );
  });
}

/**
 * The git commit of `file` (`git log -1 --format=%H -- file`) when the file is tracked and clean;
 * otherwise `unversioned` with the reason: the commit would not describe the bytes on disk.
 */
export async function detectGitVersion(file: string): Promise<GitVersion> {
  const cwd = dirname(file);
  const root = await git(cwd, ['rev-parse', '--show-toplevel']);
  if (!root)
    return {
      version: 'unversioned',
      repoRoot: null,
      reason: 'the file is not in a git repository',
    };
  const rel = relative(root, file).split('\\').join('/');
  const tracked = await git(root, ['ls-files', '--error-unmatch', '--', rel]);
  if (tracked === null)
    return { version: 'unversioned', repoRoot: root, reason: 'the file is not tracked by git' };
  const status = await git(root, ['status', '--porcelain', '--', rel]);
  if (status)
    return { version: 'unversioned', repoRoot: root, reason: 'the file has uncommitted changes' };
  const sha = await git(root, ['log', '-1', '--format=%H', '--', rel]);
  if (!sha || !/^[0-9a-f]{40,64}$/.test(sha))
    return { version: 'unversioned', repoRoot: root, reason: 'no commit touches the file' };
  return { version: sha, repoRoot: root, reason: '' };
}
