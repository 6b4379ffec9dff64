import type { z } from 'zod';
import { DspyPipelineError } from '../errors/dspy-pipeline-error';

/** An environment snapshot, e.g. `process.env` passed in by an app. */
export type EnvSource = Readonly<Record<string, string | undefined>>;

/** Reads a variable, treating empty or blank as unset. */
export function readEnv(env: EnvSource, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

/**
 * Validates `raw` (keys are config fields) with `schema` and reports the first problem
 * by its environment variable name (from `names`), never by its value.
 */
export function parseEnvConfig<T>(
  schema: z.ZodType<T>,
  raw: Record<string, unknown>,
  names: Record<string, string>,
): T {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const key = String(issue?.path[0] ?? '');
  const name = names[key] ?? key;
  throw new DspyPipelineError(
    'invalid_config',
    `${name} is invalid: ${issue?.message ?? 'bad value'}.`,
    {
      where: name,
      fix: `Fix or unset ${name} (see the configuration table in the README).`,
    },
  );
}

/** Parses a number variable; leaves non-numbers for the schema to reject. */
export function numberEnv(env: EnvSource, name: string): number | string | undefined {
  const v = readEnv(env, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : v;
}
