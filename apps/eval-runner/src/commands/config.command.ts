import type { Command } from 'commander';
import { withJson, type ActionRunner } from './command-context';
import { describeRunnerConfig } from '../config/runner-config';
import { formatConfigTable } from '../cli/config-table';

/**
 * `config`: validates the environment and prints the resolved configuration (credentials
 * masked): a table, or the JSON object with `--json`.
 */
export function registerConfigCommand(program: Command, run: ActionRunner): void {
  withJson(program.command('config'))
    .description(
      'validate the environment and print the resolved configuration (credentials masked)',
    )
    .action(
      run(async (ctx) => {
        const described = describeRunnerConfig(ctx.config());
        ctx.out.human(formatConfigTable(described));
        ctx.out.result({ ok: true, config: described });
      }),
    );
}
