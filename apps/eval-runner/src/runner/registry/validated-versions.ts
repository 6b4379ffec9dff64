import { userInfo } from 'node:os';
import {
  PROGRAM_VERSION_TAGS,
  programValidatedTagSchema,
  validatedTagOf,
  type ProgramValidatedTag,
} from '@cited/dspy-pipeline';
import { fromKeyValues, type MlflowClient, type ModelVersion } from '@cited/mlflow-client';
import { CliError } from '../../cli/cli-error';
import type { CommandOutput } from '../../cli/command-output';
import type { RunnerConfig } from '../../config/runner-config';
import { downloadProgramText, validateForRegistry, versionArtifact } from './program-validation';
import { LAST_KNOWN_GOOD_ALIAS } from './registry-ops';

/** What the registry knows of a version's program. */
export interface VersionStatus {
  version: string;
  /** `cited.validated`: `true`, `no-dry-run` or `false`. */
  validated: ProgramValidatedTag;
  /** Why not, when `validated` is `false`. */
  failure: string | null;
  /** When an API started serving it (`cited.served_at`), or null when none has. */
  servedAt: string | null;
  /** True when this command validated it (it had no tag, or only `no-dry-run` and an LLM is configured now). */
  revalidated: boolean;
}

/** True for a version whose program passed every check (`true` or `no-dry-run`). */
export function isValidated(status: Pick<VersionStatus, 'validated'>): boolean {
  return status.validated !== 'false';
}

function statusOf(mv: ModelVersion, revalidated: boolean): VersionStatus | null {
  const tags = fromKeyValues(mv.tags);
  const parsed = programValidatedTagSchema.safeParse(tags[PROGRAM_VERSION_TAGS.validated]);
  if (!parsed.success) return null;
  return {
    version: mv.version,
    validated: parsed.data,
    failure: tags[PROGRAM_VERSION_TAGS.validationFailure] ?? null,
    servedAt: tags[PROGRAM_VERSION_TAGS.servedAt] ?? null,
    revalidated,
  };
}

/**
 * The validation status of a version. A version registered before validation existed (no
 * `cited.validated` tag), or one that could only pass as `no-dry-run` when an LLM is
 * configured now, is validated here exactly as `register` does, and the outcome is recorded
 * on the version.
 */
export async function ensureValidated(
  client: MlflowClient,
  model: string,
  mv: ModelVersion,
  config: RunnerConfig,
  out: CommandOutput,
): Promise<VersionStatus> {
  const known = statusOf(mv, false);
  if (known !== null && (known.validated !== 'no-dry-run' || config.llm === null)) return known;
  const source = `models:/${model}/${mv.version}`;
  out.note(
    `validating ${source} (${known === null ? 'registered without validation' : 'with the configured LLM'}) …`,
  );
  let validated: ProgramValidatedTag;
  let failure: string | null = null;
  try {
    const artifactUri = await client.registry.downloadUri(model, mv.version);
    const text = await downloadProgramText(client, versionArtifact(artifactUri, source));
    const v = await validateForRegistry(text, source, config);
    validated = v.ok ? validatedTagOf(v) : 'false';
    if (!v.ok) failure = `${v.failed}: ${v.reason}`;
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    validated = 'false';
    failure = error.message;
  }
  const tags: Record<string, string> = {
    [PROGRAM_VERSION_TAGS.validated]: validated,
    [PROGRAM_VERSION_TAGS.validatedAt]: new Date().toISOString(),
  };
  if (failure !== null) tags[PROGRAM_VERSION_TAGS.validationFailure] = failure.slice(0, 1000);
  for (const [k, v] of Object.entries(tags))
    await client.registry.setVersionTag(model, mv.version, k, v);
  return {
    version: mv.version,
    validated,
    failure,
    servedAt: fromKeyValues(mv.tags)[PROGRAM_VERSION_TAGS.servedAt] ?? null,
    revalidated: true,
  };
}

/** The highest-numbered validated version of `model` other than `except`, or null. */
export async function newestValidatedVersion(
  client: MlflowClient,
  model: string,
  except: readonly string[],
): Promise<string | null> {
  const versions = await client.registry.searchAllVersions({
    filter: `name='${model.replace(/'/g, "\\'")}'`,
  });
  const ok = versions
    .filter((mv) => !except.includes(mv.version))
    .filter((mv) => {
      const s = statusOf(mv, false);
      return s !== null && isValidated(s);
    })
    .map((mv) => Number(mv.version))
    .sort((a, b) => b - a);
  return ok[0] === undefined ? null : String(ok[0]);
}

/**
 * Points `alias` at `version` (which the caller has checked). The previous holder becomes
 * `last-known-good` only when it is validated: a rollback must never land on a program that
 * was never checked. Returns where `last-known-good` points afterwards.
 */
export async function moveAlias(
  client: MlflowClient,
  model: string,
  alias: string,
  version: string,
  previous: VersionStatus | null,
): Promise<{ lastKnownGoodMoved: boolean }> {
  let moved = false;
  if (previous !== null && previous.version !== version && isValidated(previous)) {
    await client.registry.setAlias(model, LAST_KNOWN_GOOD_ALIAS, previous.version);
    moved = true;
  }
  await client.registry.setAlias(model, alias, version);
  await client.registry.setVersionTag(
    model,
    version,
    `cited.promoted.${alias}`,
    new Date().toISOString(),
  );
  const by = promoterName();
  if (by !== null)
    await client.registry.setVersionTag(model, version, `cited.promoted_by.${alias}`, by);
  return { lastKnownGoodMoved: moved };
}

/** The OS account running `promote` (as MLflow records `mlflow.user` on runs), when known. */
function promoterName(): string | null {
  try {
    const name = userInfo().username;
    return /^[\w.-]{1,64}$/.test(name) ? name : null;
  } catch {
    return null;
  }
}
