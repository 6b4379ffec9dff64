import { readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { pipelineKindSchema } from '@cited/dspy-pipeline';

/** Name of the pipeline flag. */
export const QA_PIPELINE_FLAG = 'qa-pipeline';
/** Name of the kill-switch flag (boolean): true forces the fallback pipeline for everyone. */
export const KILL_SWITCH_FLAG = 'kill-switch';

const flagValueSchema = z.union([z.string().min(1), z.boolean(), z.number()]);

/** One flag: a default, per-tenant overrides and an optional percentage rollout. */
export const flagDefinitionSchema = z.strictObject({
  /** Value when no tenant rule or rollout applies; absent: the caller's default. */
  default: flagValueSchema.optional(),
  /** Exact tenant id → value. */
  tenants: z.record(z.string().min(1), flagValueSchema).default({}),
  /**
   * Sticky percentage rollout by tenant: buckets 0-99 from a hash of flag key and tenant;
   * the first entry whose cumulative percent covers the bucket wins.
   */
  rollout: z
    .array(z.strictObject({ value: flagValueSchema, percent: z.number().min(0).max(100) }))
    .default([])
    .refine((r) => r.reduce((s, e) => s + e.percent, 0) <= 100, 'percents must sum to ≤ 100'),
  description: z.string().optional(),
});

/** A flag definition. */
export type FlagDefinition = z.infer<typeof flagDefinitionSchema>;

/** The flags file (`CITED_FLAGS_FILE`). */
export const flagsFileSchema = z
  .strictObject({
    version: z.literal(1).default(1),
    flags: z.record(z.string().min(1), flagDefinitionSchema).default({}),
  })
  .superRefine((file, ctx) => {
    const qa = file.flags[QA_PIPELINE_FLAG];
    if (qa !== undefined) {
      const values = [qa.default, ...Object.values(qa.tenants), ...qa.rollout.map((r) => r.value)];
      for (const v of values) {
        if (v !== undefined && !pipelineKindSchema.safeParse(v).success) {
          ctx.addIssue({
            code: 'custom',
            path: ['flags', QA_PIPELINE_FLAG],
            message: `value ${JSON.stringify(v)} is not one of extractive, baseline, dspy`,
          });
        }
      }
    }
    const kill = file.flags[KILL_SWITCH_FLAG];
    if (kill !== undefined) {
      const values = [
        kill.default,
        ...Object.values(kill.tenants),
        ...kill.rollout.map((r) => r.value),
      ];
      if (values.some((v) => v !== undefined && typeof v !== 'boolean')) {
        ctx.addIssue({
          code: 'custom',
          path: ['flags', KILL_SWITCH_FLAG],
          message: 'values must be true or false',
        });
      }
    }
  });

/** A parsed flags file. */
export type FlagsFile = z.infer<typeof flagsFileSchema>;

/** Raised when the flags file cannot be read or is invalid; names the file and the field. */
export class FlagsFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FlagsFileError';
  }
}

/** Largest flags file read (bytes): a few flags with tenant lists, never a data dump. */
export const MAX_FLAGS_FILE_BYTES = 1024 * 1024;

/** Reads and validates a flags file (at most {@link MAX_FLAGS_FILE_BYTES}). */
export function readFlagsFile(path: string): FlagsFile {
  let text: string;
  try {
    const size = statSync(path).size;
    if (size > MAX_FLAGS_FILE_BYTES)
      throw new FlagsFileError(
        `${path}: is ${size} bytes, over the ${MAX_FLAGS_FILE_BYTES}-byte limit of a flags file.`,
      );
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof FlagsFileError) throw error;
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'read error';
    throw new FlagsFileError(`${path}: cannot be read (${code}).`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    // V8's message quotes the start of the text: only the position is kept.
    const at = /at position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
    throw new FlagsFileError(
      `${path}: not valid JSON${at === undefined ? '' : ` (at position ${at})`}.`,
    );
  }
  const parsed = flagsFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new FlagsFileError(
      `${path}: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}. See docs/feature-flags.md.`,
    );
  }
  return parsed.data;
}
