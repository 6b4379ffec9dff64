import { z } from 'zod';
import { CliError } from './cli-error';

/** A positive integer option given as text. */
export const positiveInt = (flag: string) =>
  z
    .string()
    .regex(/^[1-9]\d*$/, `${flag} must be a positive integer`)
    .transform(Number);

/** A non-negative integer option given as text. */
export const nonNegativeInt = (flag: string) =>
  z.string().regex(/^\d+$/, `${flag} must be a non-negative integer`).transform(Number);

/**
 * Parses commander's options with a zod schema; the first problem becomes a usage error (exit 2).
 * A required option that was not given is always `--<flag> is required`, whatever the schema says.
 */
export function parseOptions<S extends z.ZodType>(
  schema: S,
  opts: Record<string, unknown>,
): z.output<S> {
  const parsed = schema.safeParse(opts);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') ?? '';
    const flag = field ? `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}` : 'options';
    const missing =
      issue?.code === 'invalid_type' && issue.path.length === 1 && opts[field] === undefined;
    if (missing) throw new CliError('usage', `${flag} is required`);
    const message = issue?.message ?? 'invalid';
    throw new CliError('usage', message.startsWith('--') ? message : `${flag}: ${message}`);
  }
  return parsed.data;
}

/** Collects a repeatable option into an array. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
