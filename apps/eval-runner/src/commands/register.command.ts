import type { Command } from 'commander';
import { z } from 'zod';
import { withJson, type ActionRunner } from './command-context';
import { markRequiredOptions } from '../cli/required-options';
import { parseOptions } from '../cli/option-parsers';
import { registerRunProgram } from '../runner/registry/registry-ops';
import { openRegistry } from '../runner/registry/registry-client';

/** Options of `register`. */
export const registerOptionsSchema = z.object({
  run: z.string().regex(/^[0-9a-zA-Z]+$/, '--run must be an MLflow run id'),
  model: z.string().min(1).max(250),
  json: z.boolean().default(false),
});

/** `register`: a run's program becomes a new model version. */
export function registerRegisterCommand(program: Command, run: ActionRunner): void {
  const cmd = withJson(program.command('register'))
    .description(
      "validate a run's program artifact (program/program.json) as the API does, then register it as a new model version (exit 2 when it is refused)",
    )
    .option('--run <run_id>', 'the eval or optimize run')
    .option('--model <name>', 'registered model name (e.g. cited-qa)')
    .action(
      run(async (ctx, { opts }) => {
        const o = parseOptions(registerOptionsSchema, opts);
        const config = ctx.config();
        const client = await openRegistry(config);
        try {
          const v = await registerRunProgram(client, o.run, o.model, config);
          const promote = `npx eval-runner promote --model ${v.name} --version ${v.version}${v.validated === 'no-dry-run' ? ' --allow-no-dry-run' : ''}`;
          ctx.out.human(
            [
              `registered ${v.name} version ${v.version} from run ${v.runId}`,
              `source: ${v.source}`,
              v.validated === 'true'
                ? 'validated: true (every check passed, dry run included)'
                : 'validated: no-dry-run (every check passed; no LLM was configured to dry-run this LLM program)',
              `promote it with: ${promote}`,
            ].join('\n'),
          );
          ctx.out.result({
            ok: true,
            model: v.name,
            version: v.version,
            runId: v.runId,
            source: v.source,
            validated: v.validated,
            checks: v.checks,
          });
        } finally {
          client.close();
        }
      }),
    );
  markRequiredOptions(cmd, registerOptionsSchema);
}
