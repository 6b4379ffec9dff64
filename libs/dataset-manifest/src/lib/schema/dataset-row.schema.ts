import { z } from 'zod';

/**
 * Optional per-row metadata. `source_ids` names the gold source documents (an empty array marks a
 * question the sources cannot answer); `answers` lists further acceptable gold answers. Unknown
 * keys are kept.
 */
export const datasetRowMetadataSchema = z.looseObject({
  source_ids: z.array(z.string()).optional(),
  answers: z.array(z.string()).optional(),
});

/** Per-row metadata, as read from a dataset line. */
export type DatasetRowMetadata = z.infer<typeof datasetRowMetadataSchema>;

function isObjectPayload(payload: { value: unknown }): boolean {
  return typeof payload.value === 'object' && payload.value !== null;
}

const contextSchema = z.union([z.string(), z.array(z.string())], {
  error: 'expected a string or an array of strings',
});

/**
 * One example of a JSON Lines dataset. `evidence` is accepted as an alias of `context` and is
 * normalised to `context`; unknown top-level fields are kept as they are.
 */
export const datasetRowSchema = z
  .looseObject({
    id: z.string().min(1, 'must be a non-empty string'),
    split: z.string().min(1, 'must be a non-empty string'),
    question: z.string(),
    answer: z.string(),
    context: contextSchema.optional(),
    evidence: contextSchema.optional(),
    metadata: datasetRowMetadataSchema.optional(),
  })
  // `when` runs these checks even if other fields failed, so one pass reports every problem.
  .refine((row) => row.context !== undefined || row.evidence !== undefined, {
    path: ['context'],
    message:
      'required field is missing (a string or an array of strings; "evidence" is accepted as an alias)',
    when: isObjectPayload,
  })
  .refine((row) => row.context === undefined || row.evidence === undefined, {
    path: ['evidence'],
    message: 'give either "context" or its alias "evidence", not both',
    when: isObjectPayload,
  })
  .transform(({ evidence, context, ...rest }) => {
    const row: typeof rest & { context: string | string[] } & Record<string, unknown> = {
      ...rest,
      context: (context ?? evidence) as string | string[],
    };
    return row;
  });

/** A validated dataset row: `context` always present (the `evidence` alias resolved). */
export type DatasetRow = z.output<typeof datasetRowSchema>;

/** A dataset row as written in the file (before the `evidence` alias is resolved). */
export type DatasetRowInput = z.input<typeof datasetRowSchema>;
