import type { Command } from 'commander';
import { z } from 'zod';
import { withJson, type ActionRunner } from './command-context';
import { formatTable } from '../cli/format-table';
import { parseOptions } from '../cli/option-parsers';
import { openRegistry } from '../runner/registry/registry-client';
import { compareRuns, listRuns } from '../runner/lookup/run-lookup';
import { formatMetricsTable } from '../runner/evaluation/metrics-report';

/** Options of `runs list`. */
export const runsListOptionsSchema = z.object({
  experiment: z.string().min(1).optional(),
  limit: z.coerce
    .number({ error: '--limit must be a whole number from 1 to 1000' })
    .int('--limit must be a whole number from 1 to 1000')
    .min(1, '--limit must be a whole number from 1 to 1000')
    .max(1000, '--limit must be a whole number from 1 to 1000')
    .default(20),
  json: z.boolean().default(false),
});

const runIdSchema = z.string().regex(/^[0-9a-zA-Z]+$/, 'run ids are letters and digits');

/** `runs list|compare`: the run look-ups a user otherwise does in the MLflow UI. */
export function registerRunsCommand(program: Command, run: ActionRunner): void {
  const runs = program.command('runs').description('MLflow runs: list an experiment, compare runs');

  withJson(runs.command('list'))
    .description(
      'the newest runs of an experiment with their kind, pipeline, program and headline metrics',
    )
    .option('--experiment <name|id>', 'experiment (default: MLFLOW_EXPERIMENT_NAME, else cited)')
    .option('--limit <n>', 'how many runs (default 20)')
    .action(
      run(async (ctx, { opts }) => {
        const o = parseOptions(runsListOptionsSchema, opts);
        const config = ctx.config();
        const client = await openRegistry(config);
        try {
          const r = await listRuns(client, o.experiment ?? config.runner.experimentName, o.limit);
          ctx.out.human(
            r.runs.length === 0
              ? 'no runs.'
              : formatTable(
                  ['run', 'name', 'status', 'kind', 'pipeline', 'program', 'token_f1', 'started'],
                  r.runs.map((x) => [
                    x.runId,
                    x.name ?? '—',
                    x.status ?? '—',
                    x.kind ?? '—',
                    x.pipeline ?? '—',
                    x.programId ?? '—',
                    x.metrics['token_f1']?.toFixed(3) ?? '—',
                    x.startedAt ?? '—',
                  ]),
                ),
          );
          ctx.out.result({ ok: true, ...r });
        } finally {
          client.close();
        }
      }),
    );

  withJson(runs.command('compare <run_id> <other_run_id> [more_run_ids...]'))
    .description('runs side by side: the params that differ and every metric')
    .action(
      run(async (ctx, { args }) => {
        const ids = [
          String(args[0]),
          String(args[1]),
          ...((args[2] as string[] | undefined) ?? []),
        ];
        for (const id of ids) parseOptions(z.object({ run: runIdSchema }), { run: id });
        const client = await openRegistry(ctx.config());
        try {
          const c = await compareRuns(client, ids);
          const labels = c.runs.map((r) => r.runId.slice(0, 8));
          ctx.out.human(
            [
              c.differingParams.length === 0
                ? 'params: identical'
                : formatTable(
                    ['param', ...labels],
                    c.differingParams.map((k) => [k, ...c.runs.map((r) => r.params[k] ?? '—')]),
                  ),
              '',
              formatMetricsTable(
                c.runs.map((r, i) => ({ label: labels[i] ?? '', values: r.allMetrics })),
              ),
            ].join('\n'),
          );
          ctx.out.result({ ok: true, ...c });
        } finally {
          client.close();
        }
      }),
    );
}
