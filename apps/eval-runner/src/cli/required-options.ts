import type { Command } from 'commander';
import type { z } from 'zod';

/** Prefix `--help` shows before the description of an option the command cannot run without. */
export const REQUIRED_MARK = '(required)';

/** The fields of an options schema that have no default and do not accept "not given". */
export function requiredFields(schema: { shape: Record<string, z.ZodType> }): string[] {
  return Object.entries(schema.shape)
    .filter(([, field]) => !field.safeParse(undefined).success)
    .map(([name]) => name);
}

/**
 * Marks in `--help` the options `schema` requires (the schema the action parses with
 * `parseOptions`, so help and validation cannot disagree). Call it after every option is added.
 */
export function markRequiredOptions<C extends Command>(
  cmd: C,
  schema: { shape: Record<string, z.ZodType> },
): C {
  const required = new Set(requiredFields(schema));
  for (const option of cmd.options)
    if (required.has(option.attributeName()) && !option.description.startsWith(REQUIRED_MARK))
      option.description = `${REQUIRED_MARK} ${option.description}`.trim();
  return cmd;
}
