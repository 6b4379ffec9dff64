import type { Command } from 'commander';
import { z } from 'zod';
import { CliError } from '../cli/cli-error';
import { withJson, type ActionRunner } from './command-context';
import { parseOptions } from '../cli/option-parsers';
import { openRegistry } from '../runner/registry/registry-client';
import { LAST_KNOWN_GOOD_ALIAS, aliasHolder } from '../runner/registry/registry-ops';

/** Options of `rollback`. */
export const rollbackOptionsSchema = z.object({
  model: z.string({ error: '--model <name> is required' }).min(1).max(250),
  alias: z
    .string()
    .regex(/^[\w-]+$/, 'must contain only letters, digits, _ and -')
    .default('production'),
  json: z.boolean().default(false),
});

/** `rollback`: the alias goes back to the version aliased last-known-good. */
export function registerRollbackCommand(program: Command, run: ActionRunner): void {
  withJson(program.command('rollback'))
    .description(
      `move an alias (default production) back to the version aliased ${LAST_KNOWN_GOOD_ALIAS}`,
    )
    .option('--model <name>', 'registered model name')
    .option('--alias <alias>', 'alias to move back (default: production)')
    .action(
      run(async (ctx, { opts }) => {
        const o = parseOptions(rollbackOptionsSchema, opts);
        const client = await openRegistry(ctx.config());
        try {
          await client.registry.getModel(o.model).catch((error: unknown) => {
            throw new CliError('bad_input', `unknown model ${o.model} in ${client.trackingUri}.`, {
              cause: error,
            });
          });
          const good = await aliasHolder(client, o.model, LAST_KNOWN_GOOD_ALIAS);
          if (!good)
            throw new CliError(
              'bad_input',
              `${o.model} has no ${LAST_KNOWN_GOOD_ALIAS} alias: nothing to roll back to (promote sets it on the previous holder).`,
            );
          const current = await aliasHolder(client, o.model, o.alias);
          if (current?.version === good.version) {
            ctx.out.human(
              `${o.model}@${o.alias} already points at version ${good.version} (${LAST_KNOWN_GOOD_ALIAS}): nothing to do.`,
            );
            ctx.out.result({
              ok: true,
              rolledBack: false,
              model: o.model,
              alias: o.alias,
              version: good.version,
              previous: current.version,
            });
            return;
          }
          await client.registry.setAlias(o.model, o.alias, good.version);
          if (current)
            await client.registry.setVersionTag(
              o.model,
              current.version,
              `cited.rolled_back.${o.alias}`,
              new Date().toISOString(),
            );
          ctx.out.human(
            `rolled back ${o.model}@${o.alias}: version ${current?.version ?? '(none)'} → version ${good.version} (${LAST_KNOWN_GOOD_ALIAS}).`,
          );
          ctx.out.result({
            ok: true,
            rolledBack: true,
            model: o.model,
            alias: o.alias,
            version: good.version,
            previous: current?.version ?? null,
          });
        } finally {
          client.close();
        }
      }),
    );
}
