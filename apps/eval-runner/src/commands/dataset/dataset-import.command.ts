import type { Command } from 'commander';
import { z } from 'zod';
import { withJson, type ActionRunner } from '../command-context';
import { parseCommandOptions } from './dataset-options';
import { importSquadFiles } from './import-squad-files';

/** Options of `dataset import`, as commander hands them over. */
export const importCommandOptionsSchema = z.object({
  format: z.enum(['squad', 'squad2'], { error: '--format must be squad or squad2' }),
  out: z.string({ error: '--out <dir> is required' }).min(1, '--out <dir> is required'),
  json: z.boolean().default(false),
});

/** `dataset import --format squad|squad2 <file> --out <dir>`. */
export function registerDatasetImport(dataset: Command, run: ActionRunner): void {
  withJson(dataset.command('import <file>'))
    .description(
      'convert a SQuAD v1.1 (squad) or 2.0 (squad2) JSON file into <out>/corpus.jsonl (one document per paragraph) and <out>/qa.jsonl (splits by article: 60/20/20 train/dev/test by title hash), then validate both',
    )
    .option(
      '--format <format>',
      'squad (v1.1) or squad2 (2.0: is_impossible rows are unanswerable)',
    )
    .option('--out <dir>', 'output directory (created if missing)')
    .action(
      run(async (ctx, { args, opts }) => {
        const o = parseCommandOptions(importCommandOptionsSchema, opts);
        const file = String(args[0]);
        ctx.out.note(`importing ${file} (${o.format}) …`);
        const outcome = await importSquadFiles(file, o.format, o.out);
        const { counts } = outcome;
        ctx.out.human(
          [
            `Imported ${counts.articles} articles: ${counts.documents} documents, ${counts.rows} questions (${counts.unanswerable} unanswerable)`,
            `  splits: train ${counts['train'] ?? 0}, dev ${counts['dev'] ?? 0}, test ${counts['test'] ?? 0}`,
            `  corpus:  ${outcome.paths.corpus}`,
            `  dataset: ${outcome.paths.dataset}`,
          ].join('\n'),
        );
        ctx.out.result({ ok: true, ...outcome });
      }),
    );
}
