import { z } from 'zod';

/**
 * Model-version tags through which eval-runner and the API tell each other what they know of
 * a registered program (MLflow keeps them with the version):
 * - `validated`: the outcome of `validateProgramArtifact` when the version was registered (or
 *   re-validated by `promote`/`rollback`), see {@link programValidatedTagSchema};
 * - `validatedAt`, `validationFailure`: when, and why not (a check name and a short reason);
 * - `servedAt`: set by the API when it starts serving the version.
 */
export const PROGRAM_VERSION_TAGS = {
  validated: 'cited.validated',
  validatedAt: 'cited.validated_at',
  validationFailure: 'cited.validation.failure',
  servedAt: 'cited.served_at',
} as const;

/**
 * Values of the `cited.validated` tag: `true` (every check passed, with a dry run: on the
 * bundled sample for extractive programs, through the configured LLM for the others),
 * `no-dry-run` (every check passed, but no LLM was configured to dry-run an LLM program) or
 * `false` (a check failed; `cited.validation.failure` says which).
 */
export const programValidatedTagSchema = z.enum(['true', 'no-dry-run', 'false']);

/** A value of the `cited.validated` tag. */
export type ProgramValidatedTag = z.infer<typeof programValidatedTagSchema>;
