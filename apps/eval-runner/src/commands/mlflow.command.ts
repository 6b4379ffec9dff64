import { resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { DEFAULT_SPOOL_DIR, MlflowClient, listSpoolEntries, syncSpool } from '@cited/mlflow-client';
import { withJson, type ActionRunner } from './command-context';
import { CliError } from '../cli/cli-error';

const syncOptionsSchema = z.object({
  spoolDir: z.string().min(1).optional(),
  json: z.boolean().default(false),
});

/** `mlflow …` commands: `mlflow sync` replays runs spooled while the server was away. */
export function registerMlflowCommand(program: Command, run: ActionRunner): void {
  const group = program.command('mlflow').description('MLflow tracking helpers');
  withJson(group.command('sync'))
    .description(
      'replay runs spooled while MLflow was unreachable (exactly once; removed after success)',
    )
    .option(
      '--spool-dir <dir>',
      `spool folder (default: CITED_SPOOL_DIR, else ${DEFAULT_SPOOL_DIR})`,
    )
    .action(
      run(async (ctx, { opts }) => {
        const parsed = syncOptionsSchema.safeParse(opts);
        if (!parsed.success)
          throw new CliError(
            'bad_input',
            `--spool-dir: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
          );
        // The same folder the eval/optimize commands spool to, unless told otherwise.
        const spoolDir = resolve(parsed.data.spoolDir ?? ctx.config().runner.spoolDir);
        const pending = await listSpoolEntries(spoolDir);
        if (pending.length === 0) {
          ctx.out.human(`Nothing to sync in ${spoolDir}.`);
          ctx.out.result({ spoolDir, synced: 0, failed: 0, locked: 0, results: [] });
          return;
        }
        const config = ctx.config().mlflow;
        const client = new MlflowClient(config);
        try {
          ctx.out.note(
            `Syncing ${pending.length} spooled run(s) from ${spoolDir} to ${config.trackingUri}`,
          );
          const results = await syncSpool(client, spoolDir, (r) =>
            ctx.out.note(
              r.status === 'synced'
                ? `  synced ${r.entry} → run ${r.runId}${r.traces === undefined ? '' : ` (${r.traces} traces)`}`
                : r.status === 'locked'
                  ? `  skipped ${r.entry}: another sync holds its lock`
                  : `  failed ${r.entry}: ${r.error} (kept; run sync again)`,
            ),
          );
          const count = (s: string) => results.filter((r) => r.status === s).length;
          const summary = {
            spoolDir,
            synced: count('synced'),
            failed: count('failed'),
            locked: count('locked'),
            results,
          };
          ctx.out.human(
            `${summary.synced} synced, ${summary.failed} failed, ${summary.locked} locked.`,
          );
          ctx.out.result(summary);
          if (summary.failed > 0) ctx.setExitCode(1);
        } finally {
          client.close();
        }
      }),
    );
}
