import { spawnSync } from 'node:child_process';

/** The checkout the command runs in, for `mlflow.source.git.commit` and the dirty flag. */
export interface GitInfo {
  commit: string | null;
  dirty: boolean | null;
}

/** Reads HEAD and whether tracked files changed; nulls outside a git checkout or without git. */
export function readGitInfo(cwd: string = process.cwd()): GitInfo {
  const git = (args: string[]) =>
    spawnSync('git', args, {
      cwd,
      encoding: 'utf8',
      timeout: 5000,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  const head = git(['rev-parse', 'HEAD']);
  if (head.status !== 0) return { commit: null, dirty: null };
  const status = git(['status', '--porcelain', '--untracked-files=no']);
  return {
    commit: head.stdout.trim() || null,
    dirty: status.status === 0 ? status.stdout.trim().length > 0 : null,
  };
}
