import type { Command } from 'commander';
import { withJson, type ActionRunner } from './command-context';
import { markRequiredOptions } from '../cli/required-options';
import { parseOptions } from '../cli/option-parsers';
import { formatScrubSummary, piiScrubOptionsSchema, scrubFile } from './pii/pii-scrub-file';

/** `pii scrub`: PII and secret scrubbing of text, JSON and JSONL files. */
export function registerPiiCommand(program: Command, run: ActionRunner): void {
  const pii = program.command('pii').description('find and redact PII and secrets');
  const cmd = withJson(pii.command('scrub <in>'))
    .description(
      'write a scrubbed copy of <in> to --out (atomic); prints counts per entity type, never values. Uses keyed pseudonyms when CITED_PII_HMAC_KEY is set',
    )
    .option('--out <file>', 'output file (written atomically)')
    .option(
      '--format <format>',
      'text | json | jsonl (default: from the file extension, else text)',
    )
    .option('--profile <profile>', 'default | strict (strict adds person names; slower)', 'default')
    .option(
      '--on-malformed <mode>',
      'jsonl only: redact | drop | error for lines that are not JSON',
      'redact',
    )
    .action(
      run(async (ctx, { args, opts }) => {
        const parsed = parseOptions(piiScrubOptionsSchema, opts);
        const summary = await scrubFile(String(args[0]), parsed, ctx.config().pii.hmacKey);
        ctx.out.human(formatScrubSummary(summary));
        ctx.out.result({ ok: true, ...summary });
      }),
    );
  markRequiredOptions(cmd, piiScrubOptionsSchema);
}
