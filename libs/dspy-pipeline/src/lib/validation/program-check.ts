import { z } from 'zod';

/**
 * The steps of validating a program artifact, in order: `size`, `schema` (JSON, format,
 * schema version, fields, signatures, id integrity), `name` (a safe identifier), `scrub` (no
 * unscrubbed personal data or secrets), `compatibility` (an LLM for the pipelines that need
 * one), then the dry runs: `dry_run_render` (prompts render), `dry_run_sample` (an extractive
 * program answers on the bundled sample), `dry_run_llm` (an LLM program's modules answer
 * through the configured LLM).
 */
export const programCheckNameSchema = z.enum([
  'size',
  'schema',
  'name',
  'scrub',
  'compatibility',
  'dry_run_render',
  'dry_run_sample',
  'dry_run_llm',
]);

/** The name of one validation step. */
export type ProgramCheckName = z.infer<typeof programCheckNameSchema>;

/** The outcome of one validation step; `message` never quotes the artifact's content. */
export const programCheckSchema = z.object({
  name: programCheckNameSchema,
  ok: z.boolean(),
  ms: z.number(),
  message: z.string().optional(),
});

/** The outcome of one validation step. */
export type ProgramCheck = z.infer<typeof programCheckSchema>;
