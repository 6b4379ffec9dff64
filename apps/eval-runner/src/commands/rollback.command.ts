import type { Command } from 'commander';
import { z } from 'zod';
import { CliError } from '../cli/cli-error';
import { withJson, type ActionRunner } from './command-context';
import { markRequiredOptions } from '../cli/required-options';
import { parseOptions } from '../cli/option-parsers';
import { openRegistry } from '../runner/registry/registry-client';
import {
  LAST_KNOWN_GOOD_ALIAS,
  aliasHolder,
  getVersionOrFail,
} from '../runner/registry/registry-ops';
import {
  ensureValidated,
  isValidated,
  newestValidatedVersion,
} from '../runner/registry/validated-versions';

/** Options of `rollback`. */
export const rollbackOptionsSchema = z.object({
  model: z.string().min(1).max(250),
  alias: z
    .string()
    .regex(/^[\w-]+$/, 'must contain only letters, digits, _ and -')
    .default('production'),
  json: z.boolean().default(false),
});

/** `rollback`: the alias goes back to the version aliased last-known-good. */
export function registerRollbackCommand(program: Command, run: ActionRunner): void {
  const cmd = withJson(program.command('rollback'))
    .description(
      `move an alias (default production) back to the version aliased ${LAST_KNOWN_GOOD_ALIAS}, when it is validated`,
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
          const config = ctx.config();
          const target = await ensureValidated(
            client,
            o.model,
            await getVersionOrFail(client, o.model, good.version),
            config,
            ctx.out,
          );
          const current = await aliasHolder(client, o.model, o.alias);
          if (!isValidated(target)) {
            const instead = await newestValidatedVersion(client, o.model, [
              target.version,
              ...(current ? [current.version] : []),
            ]);
            throw new CliError(
              'bad_input',
              `${o.model} version ${target.version} (${LAST_KNOWN_GOOD_ALIAS}) failed validation (${target.failure ?? 'no reason recorded'}): ${o.alias} is not moved to it. ${
                instead === null
                  ? 'No other version of this model is validated: register a fixed program.'
                  : `The newest validated version is ${instead}: npx eval-runner promote --model ${o.model} --version ${instead} --alias ${o.alias}`
              }`,
            );
          }
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
              validated: target.validated,
              servedAt: target.servedAt,
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
          const served = target.servedAt
            ? `served by an API since ${target.servedAt}`
            : 'never served by an API';
          ctx.out.human(
            `rolled back ${o.model}@${o.alias}: version ${current?.version ?? '(none)'} → version ${good.version} (${LAST_KNOWN_GOOD_ALIAS}; validated: ${target.validated}; ${served}).`,
          );
          ctx.out.result({
            ok: true,
            rolledBack: true,
            model: o.model,
            alias: o.alias,
            version: good.version,
            previous: current?.version ?? null,
            validated: target.validated,
            servedAt: target.servedAt,
          });
        } finally {
          client.close();
        }
      }),
    );
  markRequiredOptions(cmd, rollbackOptionsSchema);
}
