import { PROGRAM_VERSION_TAGS } from '@cited/dspy-pipeline';
import { fromKeyValues, type MlflowClient, type ModelVersion } from '@cited/mlflow-client';
import { CliError } from '../../cli/cli-error';
import { isNotFound } from '../shared/mlflow-lookup-errors';

/** A registered model in `models list`. */
export interface ModelSummary {
  name: string;
  aliases: Record<string, string>;
  latestVersion: string | null;
  updatedAt: string | null;
}

/** A model version in `models show`. */
export interface VersionDetail {
  version: string;
  aliases: string[];
  createdAt: string | null;
  source: string | null;
  /** The LoggedModel it points at (`models:/<model_id>` source), null for older versions. */
  modelId: string | null;
  runId: string | null;
  programId: string | null;
  pipeline: string | null;
  validated: string | null;
  /** The run metrics copied at registration (what promote's gates read without the run). */
  metrics: Record<string, number>;
  /** Alias → when `promote` moved it here, and by whom when recorded. */
  promoted: Record<string, { at: string; by: string | null }>;
}

const iso = (ms: number | undefined): string | null =>
  ms === undefined ? null : new Date(ms).toISOString();

/** Every registered model (prompts excluded, as MLflow's search does), with aliases. */
export async function listModels(client: MlflowClient): Promise<ModelSummary[]> {
  const models = await client.registry.searchAllModels({});
  const out: ModelSummary[] = [];
  for (const m of models) {
    const versions = await client.registry.searchAllVersions({ filter: `name='${m.name}'` });
    const latest = versions.map((v) => Number(v.version)).sort((a, b) => b - a)[0];
    out.push({
      name: m.name,
      aliases: Object.fromEntries(m.aliases.map((a) => [a.alias, a.version])),
      latestVersion: latest === undefined ? null : String(latest),
      updatedAt: iso(m.lastUpdatedTimestamp),
    });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** A version's details from its tags and source. */
export function versionDetail(mv: ModelVersion): VersionDetail {
  const tags = fromKeyValues(mv.tags);
  const metrics: Record<string, number> = {};
  const promoted: VersionDetail['promoted'] = {};
  for (const [k, v] of Object.entries(tags)) {
    if (k.startsWith('metric.') && Number.isFinite(Number(v))) metrics[k.slice(7)] = Number(v);
    const p = /^cited\.promoted\.([\w-]+)$/.exec(k);
    if (p?.[1]) promoted[p[1]] = { at: v, by: tags[`cited.promoted_by.${p[1]}`] ?? null };
  }
  const modelId = /^models:\/(m-[0-9a-f]+)$/.exec(mv.source ?? '')?.[1] ?? null;
  return {
    version: mv.version,
    aliases: mv.aliases,
    createdAt: iso(mv.creationTimestamp),
    source: mv.source ?? null,
    modelId,
    runId: mv.runId || null,
    programId: tags['cited.program.id'] ?? null,
    pipeline: tags['cited.pipeline'] ?? null,
    validated: tags[PROGRAM_VERSION_TAGS.validated] ?? null,
    metrics,
    promoted,
  };
}

/**
 * The versions `<name>`, `<name>@<alias>` or `<name>/<version>` names, newest first.
 * @throws CliError `bad_input` for an unknown model, alias or version.
 */
export async function showModel(
  client: MlflowClient,
  ref: string,
): Promise<{ name: string; versions: VersionDetail[] }> {
  const m = /^(.+?)(?:@([\w-]+)|\/(\d+))?$/.exec(ref);
  const name = m?.[1] ?? ref;
  const unknown = (what: string, error: unknown) =>
    new CliError(
      'bad_input',
      `${what} was not found in ${client.trackingUri}. List the models with \`eval-runner models list\`.`,
      { cause: error },
    );
  try {
    if (m?.[2]) {
      const mv = await client.registry.getVersionByAlias(name, m[2]);
      return { name, versions: [versionDetail(mv)] };
    }
    if (m?.[3])
      return { name, versions: [versionDetail(await client.registry.getVersion(name, m[3]))] };
    await client.registry.getModel(name);
  } catch (error) {
    if (isNotFound(error)) throw unknown(`model ${ref}`, error);
    throw error;
  }
  const versions = await client.registry.searchAllVersions({ filter: `name='${name}'` });
  return {
    name,
    versions: versions
      .sort((a, b) => Number(b.version) - Number(a.version))
      .map((v) => versionDetail(v)),
  };
}
