import type { Command } from 'commander';
import { createDatasetManifest, MIB, validateDataset } from '@cited/dataset-manifest';
import { withJson, type ActionRunner } from './command-context';
import { ExitCode } from '../cli/exit-codes';
import { markRequiredOptions } from '../cli/required-options';
import { capYoungGeneration } from './dataset/cap-young-generation';
import {
  manifestCommandOptionsSchema,
  parseCommandOptions,
  validateCommandOptionsSchema,
} from './dataset/dataset-options';
import { formatManifestSummary, formatValidationReport } from './dataset/format-dataset-summary';
import { registerDatasetImport } from './dataset/dataset-import.command';

/** `dataset manifest|validate|import`: provenance manifests and validation of JSONL datasets. */
export function registerDatasetCommand(program: Command, run: ActionRunner): void {
  const dataset = program
    .command('dataset')
    .description(
      'validate JSONL datasets and record which data a run saw (manifest, snapshot or sample)',
    );

  const manifest = withJson(dataset.command('manifest <file>'))
    .description(
      'validate and hash <file>, write manifest.json and dataset.jsonl.gz (within budget) or a stratified dataset.sample.jsonl into --out',
    )
    .option('--out <dir>', 'output directory (created if missing)')
    .option('--name <name>', 'dataset name (default: the file name without .jsonl)')
    .option(
      '--version <version>',
      'semantic tag or commit SHA (default: the git commit of the file, else "unversioned")',
    )
    .option(
      '--source-uri <uri>',
      'source_uri to record (default: the path relative to the repository root)',
    )
    .option('--seed <seed>', 'seed of the sample (default: 0)')
    .option('--max-snapshot-mb <mb>', 'largest gzip snapshot, in MiB (default: 100)')
    .option(
      '--sample-rate <fraction>',
      'sample size as a fraction of rows, 0.01–0.02 (default: 0.01)',
    )
    .option('--max-line-mb <mb>', 'longest accepted line, in MiB (default: 16)')
    .action(
      run(async (ctx, { args, opts }) => {
        const o = parseCommandOptions(manifestCommandOptionsSchema, opts);
        const file = String(args[0]);
        capYoungGeneration();
        ctx.out.note(`reading ${file} …`);
        const result = await createDatasetManifest({
          file,
          outDir: o.out,
          name: o.name,
          version: o.version,
          sourceUri: o.sourceUri,
          seed: o.seed,
          maxSnapshotBytes: Math.round(o.maxSnapshotMb * MIB),
          sampleRate: o.sampleRate,
          maxLineBytes: Math.round(o.maxLineMb * MIB),
        });
        ctx.out.human(formatManifestSummary(result));
        ctx.out.result({
          ok: true,
          manifest: result.manifest,
          paths: result.paths,
          snapshot: result.snapshot,
        });
      }),
    );
  markRequiredOptions(manifest, manifestCommandOptionsSchema);

  withJson(dataset.command('validate <file>'))
    .description('check every line of <file> and report each problem (exit 2 when invalid)')
    .option('--max-issues <n>', 'stop after this many problems (default: 100)')
    .option('--max-line-mb <mb>', 'longest accepted line, in MiB (default: 16)')
    .action(
      run(async (ctx, { args, opts }) => {
        const o = parseCommandOptions(validateCommandOptionsSchema, opts);
        const file = String(args[0]);
        capYoungGeneration();
        const report = await validateDataset(file, {
          maxIssues: o.maxIssues,
          maxLineBytes: Math.round(o.maxLineMb * MIB),
        });
        ctx.out.human(formatValidationReport(file, report));
        ctx.out.result(report);
        if (!report.ok) ctx.setExitCode(ExitCode.BadInput);
      }),
    );

  registerDatasetImport(dataset, run);
}
