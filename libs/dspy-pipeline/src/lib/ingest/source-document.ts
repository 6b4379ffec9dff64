import { z } from 'zod';

/** A document to ingest: the JSONL line format, and what Markdown/text files are read into. */
export const sourceDocumentSchema = z.object({
  id: z
    .string()
    .min(1, 'must be a non-empty string')
    // Chunk ids are `<id>#<n>`, read back by the last "#": a document id may hold "#" (SQuAD's
    // `<title>#p<n>`) but must not end in "#<digits>", so it can never equal another document's
    // chunk id.
    .regex(
      /^(?!.*#\d+$)\S+$/,
      'must not contain whitespace or end in "#<digits>" (chunk ids are `<id>#<n>`)',
    ),
  title: z.string().default(''),
  text: z.string(),
  metadata: z.record(z.string(), z.unknown()).default({}),
});

/** A validated source document. */
export type SourceDocument = z.infer<typeof sourceDocumentSchema>;

/** A chunk of a document, as indexed and retrieved. */
export const chunkSchema = z.object({
  /** `<documentId>#<n>`, n counting from 0 in document order: stable for the same text and settings. */
  id: z.string().min(1),
  documentId: z.string().min(1),
  title: z.string(),
  text: z.string().min(1),
  tenantId: z.string().min(1),
  /** Character offsets of the chunk in its document's text (`text === doc.text.slice(start, end)`). */
  start: z.number().int().min(0),
  end: z.number().int().min(0),
  metadata: z.record(z.string(), z.unknown()),
});

/** A chunk. */
export type Chunk = z.infer<typeof chunkSchema>;
