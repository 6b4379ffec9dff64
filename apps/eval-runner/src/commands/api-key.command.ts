import { createHash, randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { z } from 'zod';
import { CliError } from '../cli/cli-error';
import { withJson, type ActionRunner } from './command-context';

const optionsSchema = z.object({
  tenant: z
    .string()
    .regex(/^[\w.-]{1,64}$/, 'must be 1-64 characters of letters, digits, _ . -')
    .default('default'),
  json: z.boolean().default(false),
});

/** A freshly generated API key with the `CITED_API_KEYS` entry that admits it. */
export interface NewApiKey {
  key: string;
  sha256: string;
  tenantId: string;
  entry: string;
}

/**
 * Generates a random API key (32 bytes, base64url, `cited_` prefix so scanners recognise it)
 * and its SHA-256. Only the hash is ever configured on the server.
 */
export function newApiKey(tenantId: string): NewApiKey {
  const key = `cited_${randomBytes(32).toString('base64url')}`;
  const sha256 = createHash('sha256').update(key, 'utf8').digest('hex');
  return { key, sha256, tenantId, entry: `${sha256}:${tenantId}` };
}

/** `api-key new [--tenant T] [--json]`: prints a new random API key and its hash entry. */
export function registerApiKeyCommand(program: Command, run: ActionRunner): void {
  const group = program.command('api-key').description('API keys of the Cited REST API');
  withJson(group.command('new'))
    .description('print a new random API key and the CITED_API_KEYS entry (its SHA-256) to add')
    .option('--tenant <tenant>', 'tenant the key maps to', 'default')
    .action(
      run(async (ctx, { opts }) => {
        const parsed = optionsSchema.safeParse(opts);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          throw new CliError(
            'bad_input',
            `--${String(issue?.path[0] ?? 'tenant')} ${issue?.message ?? 'is invalid'}.`,
          );
        }
        const created = newApiKey(parsed.data.tenant);
        ctx.out.human(
          [
            `API key (give it to the client; it is shown only once):`,
            `  ${created.key}`,
            `Add this entry to CITED_API_KEYS on the server (comma-separated; keep the old entry`,
            `during a rotation until every client has the new key):`,
            `  ${created.entry}`,
          ].join('\n'),
        );
        ctx.out.result({ ok: true, ...created });
      }),
    );
}
