import { z } from 'zod';
import { parseOptions } from '../../cli/option-parsers';

const number = (flag: string) =>
  z
    .string()
    .regex(/^\d+(\.\d+)?$/, `${flag} must be a number`)
    .transform(Number);

/** Options of `dataset manifest`, as commander hands them over (strings). */
export const manifestCommandOptionsSchema = z.object({
  out: z.string().min(1, '--out <dir> must not be empty'),
  name: z.string().min(1).optional(),
  version: z.string().min(1).optional(),
  sourceUri: z.string().min(1).optional(),
  seed: z.string().min(1).default('0'),
  maxSnapshotMb: number('--max-snapshot-mb').default(100),
  sampleRate: number('--sample-rate')
    .pipe(
      z
        .number()
        .min(0.01, '--sample-rate must be 0.01–0.02')
        .max(0.02, '--sample-rate must be 0.01–0.02'),
    )
    .default(0.01),
  maxLineMb: number('--max-line-mb').pipe(z.number().positive()).default(16),
  json: z.boolean().default(false),
});

/** Parsed options of `dataset manifest`. */
export type ManifestCommandOptions = z.output<typeof manifestCommandOptionsSchema>;

/** Options of `dataset validate`. */
export const validateCommandOptionsSchema = z.object({
  maxIssues: z
    .string()
    .regex(/^[1-9]\d*$/, '--max-issues must be a positive integer')
    .transform(Number)
    .default(100),
  maxLineMb: number('--max-line-mb').pipe(z.number().positive()).default(16),
  json: z.boolean().default(false),
});

/** Parsed options of `dataset validate`. */
export type ValidateCommandOptions = z.output<typeof validateCommandOptionsSchema>;

/** Parses commander's options with `schema`; a bad value exits 2 naming the flag. */
export function parseCommandOptions<S extends z.ZodType>(schema: S, opts: unknown): z.output<S> {
  return parseOptions(schema, (opts ?? {}) as Record<string, unknown>);
}
