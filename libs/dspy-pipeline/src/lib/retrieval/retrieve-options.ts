import { z } from 'zod';
import { DspyPipelineError } from '../errors/dspy-pipeline-error';
import type { RetrieveOptions } from './passage';

/** Validates the data fields of {@link RetrieveOptions}. */
export const retrieveOptionsSchema = z.object({
  k: z.number().int().min(1).max(1000),
  tenantId: z.string().min(1),
  filter: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});

/** @throws DspyPipelineError `invalid_input` naming the bad field. */
export function assertRetrieveOptions(opts: RetrieveOptions): void {
  // Fast path for the common, plainly valid options (checked exactly as the schema does);
  // anything else goes through the schema for its error message.
  const { k, tenantId, filter } = opts as Partial<RetrieveOptions>;
  if (
    filter === undefined &&
    Number.isInteger(k) &&
    (k as number) >= 1 &&
    (k as number) <= 1000 &&
    typeof tenantId === 'string' &&
    tenantId.length > 0
  )
    return;
  const { signal: _signal, ...data } = opts;
  const parsed = retrieveOptionsSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DspyPipelineError(
      'invalid_input',
      `retrieve option ${issue?.path.join('.') || '(options)'}: ${issue?.message ?? 'invalid'}`,
      {
        where: `retrieve.${issue?.path.join('.') ?? ''}`,
        fix: 'k is an integer 1–1000, tenantId a non-empty string, filter a map of scalar values.',
      },
    );
  }
}

/** Exact-match metadata filter; `documentId` and `title` may be filtered on too. */
export function matchesFilter(
  doc: { id: string; title: string; metadata: Record<string, unknown> } | undefined,
  filter: Record<string, string | number | boolean>,
): boolean {
  if (!doc) return false;
  for (const [key, want] of Object.entries(filter)) {
    const have = key === 'documentId' ? doc.id : key === 'title' ? doc.title : doc.metadata[key];
    if (Array.isArray(have) ? !have.includes(want) : have !== want) return false;
  }
  return true;
}
