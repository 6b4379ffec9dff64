import { join } from 'node:path';
import { markRequiredOptions } from '../cli/required-options';
import type { Command } from 'commander';
import { z } from 'zod';
import { BUNDLED_DATASET_FILE, resolveBundledAssetsDir } from '@cited/dspy-pipeline';
import { withJson, type ActionRunner, type CommandContext } from './command-context';
import { CliError } from '../cli/cli-error';
import { ExitCode } from '../cli/exit-codes';
import { collect, parseOptions, positiveInt } from '../cli/option-parsers';
import type { RunnerConfig } from '../config/runner-config';
import { evaluationPlanSchema, type EvaluationPlan } from '../runner/evaluation/evaluation-plan';
import { evaluatePlan } from '../runner/evaluation/run-evaluation';
import {
  evaluateGate,
  parseGate,
  type Gate,
  type GateResult,
} from '../runner/registry/gate-expression';
import { openRegistry } from '../runner/registry/registry-client';
import {
  LAST_KNOWN_GOOD_ALIAS,
  aliasHolder,
  getVersionOrFail,
  versionMetrics,
} from '../runner/registry/registry-ops';
import {
  ensureValidated,
  moveAlias,
  type VersionStatus,
} from '../runner/registry/validated-versions';
import { openTracking } from '../runner/tracking/tracking-target';
import {
  addEvalDataOptions,
  evalDataOptionsShape,
  executionPlanOf,
  retrievalSourceOf,
} from './eval/eval-data-options';

const aliasSchema = z
  .string()
  .regex(/^[\w-]+$/, 'must contain only letters, digits, _ and -')
  .refine(
    (a) => a !== 'latest' && !/^v\d+$/.test(a),
    'latest and v<digits> are reserved by MLflow',
  );

/** Options of `promote`. */
export const promoteOptionsSchema = z.object({
  model: z.string().min(1).max(250),
  version: positiveInt('--version').transform(String),
  alias: aliasSchema.default('production'),
  gate: z.array(z.string()).default([]),
  reevaluate: z.boolean().default(false),
  allowNoDryRun: z.boolean().default(false),
  dataset: z.string().min(1).optional(),
  split: z.string().min(1).optional(),
  limit: positiveInt('--limit').optional(),
  ...evalDataOptionsShape,
  experiment: z.string().min(1).max(500).optional(),
  json: z.boolean().default(false),
});

type PromoteOptions = z.output<typeof promoteOptionsSchema>;

/**
 * The `--reevaluate` evaluation of one version of the model, from the parsed options (default
 * dataset: the bundled rental-qa dataset), logged as an eval run tagged with its role.
 */
export function reevaluationPlanOf(
  o: PromoteOptions,
  config: RunnerConfig,
  version: string,
  role: string,
): EvaluationPlan {
  return evaluationPlanSchema.parse({
    program: `models:/${o.model}/${version}`,
    dataset: {
      file: o.dataset ?? join(resolveBundledAssetsDir(), BUNDLED_DATASET_FILE),
      split: o.split,
      limit: o.limit,
    },
    retrieval: retrievalSourceOf(o, config),
    execution: executionPlanOf(o),
    recording: {
      experiment: o.experiment,
      runName: `promote-${o.model}-v${version}-${role}`,
      tags: {
        'cited.promote.model': o.model,
        'cited.promote.version': version,
        'cited.promote.role': role,
      },
      params: {},
      scrubDataset: o.scrubDataset,
      pseudonymize: true,
    },
    printTable: true,
  });
}

/** Fresh metrics of a model version (`--reevaluate`), logged as an eval run. */
async function reevaluate(
  ctx: CommandContext,
  o: PromoteOptions,
  version: string,
  role: string,
): Promise<Record<string, number>> {
  const config = ctx.config();
  const plan = reevaluationPlanOf(o, config, version, role);
  const tracking = await openTracking(config, ctx.out, plan.recording.experiment);
  try {
    ctx.out.note(`re-evaluating ${o.model} version ${version} (${role}) …`);
    const outcome = await evaluatePlan({ config, out: ctx.out, tracking }, plan);
    const flat: Record<string, number> = { ...outcome.metrics };
    for (const [split, values] of Object.entries(outcome.perSplit))
      for (const [k, v] of Object.entries(values)) flat[`${split}/${k}`] = v;
    return flat;
  } finally {
    tracking.client.close();
  }
}

/** "served by an API since …" or "never served by an API", for the human output. */
function servedText(s: VersionStatus | null): string {
  return s?.servedAt ? `served by an API since ${s.servedAt}` : 'never served by an API';
}

/**
 * Refuses (exit 2) a version that failed validation, and one validated without an LLM dry run
 * unless `--allow-no-dry-run` is given.
 */
function refuseUnlessPromotable(o: PromoteOptions, s: VersionStatus): void {
  if (s.validated === 'false')
    throw new CliError(
      'bad_input',
      `${o.model} version ${o.version} failed validation (${s.failure ?? 'no reason recorded'}): it is not promoted. Fix the program and register a new version.`,
    );
  if (s.validated === 'no-dry-run' && !o.allowNoDryRun)
    throw new CliError(
      'bad_input',
      `${o.model} version ${o.version} was validated without an LLM dry run (no LLM was configured): configure CITED_LLM_* to dry-run it now, or pass --allow-no-dry-run.`,
    );
}

/** `promote`: gated alias move. */
export function registerPromoteCommand(program: Command, run: ActionRunner): void {
  const cmd = withJson(program.command('promote'))
    .description(
      'point an alias (default production) at a validated model version when every gate passes; the previous holder becomes last-known-good when it is validated',
    )
    .option('--model <name>', 'registered model name')
    .option('--version <n>', 'candidate version')
    .option('--alias <alias>', 'alias to move (default: production)')
    .option(
      '--gate <expr>',
      'e.g. "token_f1>=current-0.01" or "groundedness>=0.9" (repeatable; current = the alias holder\'s value)',
      collect,
    )
    .option(
      '--allow-no-dry-run',
      'promote a version validated without an LLM dry run (cited.validated=no-dry-run)',
    )
    .option(
      '--reevaluate',
      'gate on a fresh evaluation of candidate and holder instead of their logged metrics',
    )
    .option(
      '--dataset <file.jsonl>',
      'dataset for --reevaluate (default: the bundled rental-qa dataset)',
    )
    .option('--split <split>', 'split for --reevaluate (default: all)')
    .option('--limit <n>', 'first n rows for --reevaluate')
    .option('--experiment <name>', 'experiment of the --reevaluate runs');
  markRequiredOptions(addEvalDataOptions(cmd), promoteOptionsSchema).action(
    run(async (ctx, { opts }) => {
      const o = parseOptions(promoteOptionsSchema, opts);
      // Parse every gate before touching anything: a typo must not half-promote.
      const gates: Gate[] = o.gate.map(parseGate);
      const config = ctx.config();
      const client = await openRegistry(config);
      try {
        const mv = await getVersionOrFail(client, o.model, o.version);
        const checked = await ensureValidated(client, o.model, mv, config, ctx.out);
        refuseUnlessPromotable(o, checked);
        const holder = await aliasHolder(client, o.model, o.alias);
        const holderStatus =
          holder === null
            ? null
            : holder.version === o.version
              ? checked
              : await ensureValidated(
                  client,
                  o.model,
                  await getVersionOrFail(client, o.model, holder.version),
                  config,
                  ctx.out,
                );
        if (holder?.version === o.version) {
          ctx.out.human(
            `${o.model}@${o.alias} already points at version ${o.version}: nothing to do.`,
          );
          ctx.out.result({
            ok: true,
            promoted: false,
            model: o.model,
            alias: o.alias,
            version: o.version,
            previous: holder.version,
            gates: [],
            validated: checked.validated,
            servedAt: checked.servedAt,
          });
          return;
        }
        let candidate: Record<string, number>;
        let current: Record<string, number> | null = null;
        if (o.reevaluate) {
          candidate = await reevaluate(ctx, o, o.version, 'candidate');
          if (holder) current = await reevaluate(ctx, o, holder.version, 'current');
        } else {
          candidate = (await versionMetrics(client, o.model, o.version)).metrics;
          if (holder) current = (await versionMetrics(client, o.model, holder.version)).metrics;
        }
        const results: GateResult[] = gates.map((g) => evaluateGate(g, candidate, current));
        for (const r of results)
          ctx.out.human(`${r.passed ? 'PASS' : 'FAIL'} ${r.gate}: ${r.reason}`);
        const failed = results.filter((r) => !r.passed);
        if (failed.length > 0) {
          ctx.out.human(
            `refused: ${o.model} version ${o.version} was NOT promoted to ${o.alias} (${failed.length} of ${results.length} gate${results.length === 1 ? '' : 's'} failed); ${o.alias} stays on ${holder ? `version ${holder.version}` : 'no version'}.`,
          );
          ctx.out.result({
            ok: false,
            promoted: false,
            model: o.model,
            alias: o.alias,
            version: o.version,
            previous: holder?.version ?? null,
            gates: results,
            reasons: failed.map((f) => f.reason),
            validated: checked.validated,
            servedAt: checked.servedAt,
          });
          ctx.setExitCode(ExitCode.CheckFailed);
          return;
        }
        const { lastKnownGoodMoved } = await moveAlias(
          client,
          o.model,
          o.alias,
          o.version,
          holderStatus,
        );
        ctx.out.human(
          [
            `promoted ${o.model} version ${o.version} (validated: ${checked.validated}; ${servedText(checked)}) to ${o.alias}${holder ? ` (was version ${holder.version}, ${servedText(holderStatus)})` : ''}.`,
            ...(holderStatus === null
              ? []
              : lastKnownGoodMoved
                ? [`version ${holderStatus.version} is now aliased ${LAST_KNOWN_GOOD_ALIAS}.`]
                : [
                    `version ${holderStatus.version} is not validated (${holderStatus.failure ?? 'validation failed'}): ${LAST_KNOWN_GOOD_ALIAS} stays where it was.`,
                  ]),
          ].join('\n'),
        );
        ctx.out.result({
          ok: true,
          promoted: true,
          model: o.model,
          alias: o.alias,
          version: o.version,
          previous: holder?.version ?? null,
          gates: results,
          validated: checked.validated,
          servedAt: checked.servedAt,
          previousServedAt: holderStatus?.servedAt ?? null,
          lastKnownGood: lastKnownGoodMoved ? (holderStatus?.version ?? null) : null,
        });
      } finally {
        client.close();
      }
    }),
  );
}
