import type { z } from 'zod';
import { DatasetManifestError } from '../errors/dataset-manifest-error';
import { formatFieldPath } from '../schema/format-zod-issue';

/** Validates options with `schema`, throwing `invalid_config` that names the option. */
export function parseOptions<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue ? formatFieldPath(issue.path) : '(options)';
  throw new DatasetManifestError(
    'invalid_config',
    `option "${field}": ${issue?.message ?? 'invalid'}`,
    {
      fix: 'Check the documented options in the @cited/dataset-manifest README.',
    },
  );
}
