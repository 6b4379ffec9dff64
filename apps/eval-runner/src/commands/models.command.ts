import type { Command } from 'commander';
import { withJson, type ActionRunner } from './command-context';
import { formatTable } from '../cli/format-table';
import { openRegistry } from '../runner/registry/registry-client';
import { listModels, showModel, type VersionDetail } from '../runner/lookup/model-lookup';

function versionLines(v: VersionDetail): string[] {
  const promoted = Object.entries(v.promoted).map(
    ([alias, p]) => `${alias} at ${p.at}${p.by ? ` by ${p.by}` : ''}`,
  );
  const metrics = Object.entries(v.metrics).map(([k, x]) => `${k}=${Number(x.toFixed(4))}`);
  return [
    `version ${v.version}${v.aliases.length ? ` (@${v.aliases.join(', @')})` : ''}`,
    `  created ${v.createdAt ?? '?'}; program ${v.programId ?? '?'} (${v.pipeline ?? '?'}); validated ${v.validated ?? 'never'}`,
    `  source ${v.source ?? '?'}${v.modelId ? '' : ' (registered before programs were MLflow models)'}; run ${v.runId ?? '?'}`,
    ...(promoted.length ? [`  promoted: ${promoted.join('; ')}`] : []),
    ...(metrics.length ? [`  gates' metrics: ${metrics.join(', ')}`] : []),
  ];
}

/** `models list|show`: the registry look-ups a user otherwise does in the MLflow UI. */
export function registerModelsCommand(program: Command, run: ActionRunner): void {
  const models = program
    .command('models')
    .description('registered models: list them, or show versions, aliases, metrics and promotions');

  withJson(models.command('list'))
    .description('every registered model with its aliases and latest version')
    .action(
      run(async (ctx) => {
        const client = await openRegistry(ctx.config());
        try {
          const list = await listModels(client);
          ctx.out.human(
            list.length === 0
              ? 'no registered models.'
              : formatTable(
                  ['model', 'latest', 'aliases', 'updated'],
                  list.map((m) => [
                    m.name,
                    m.latestVersion ?? '—',
                    Object.entries(m.aliases)
                      .map(([a, v]) => `${a}→${v}`)
                      .join(' ') || '—',
                    m.updatedAt ?? '—',
                  ]),
                ),
          );
          ctx.out.result({ ok: true, models: list });
        } finally {
          client.close();
        }
      }),
    );

  withJson(models.command('show <model>'))
    .description(
      'versions of <name>, or one version with <name>@<alias> or <name>/<version>: aliases, program, validation, LoggedModel, gate metrics, who promoted when',
    )
    .action(
      run(async (ctx, { args }) => {
        const client = await openRegistry(ctx.config());
        try {
          const shown = await showModel(client, String(args[0]));
          ctx.out.human(
            [
              `${shown.name}: ${shown.versions.length} version(s)`,
              ...shown.versions.flatMap(versionLines),
            ].join('\n'),
          );
          ctx.out.result({ ok: true, ...shown });
        } finally {
          client.close();
        }
      }),
    );
}
