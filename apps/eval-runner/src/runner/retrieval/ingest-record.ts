import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

/** What `ingest` records next to an embedded index (chunking is not part of the index itself). */
export const ingestRecordSchema = z.object({
  corpus: z.string(),
  documents: z.number().int().min(0),
  chunks: z.number().int().min(0),
  chunkSize: z.number().int().positive(),
  chunkOverlap: z.number().int().min(0),
  tenant: z.string(),
  indexVersion: z.string(),
  /** `CITED_EMBED_MODEL` the chunks were embedded with; absent: BM25 only. */
  embedModel: z.string().optional(),
  createdAt: z.string(),
});

/** The ingest record of an index directory. */
export type IngestRecord = z.infer<typeof ingestRecordSchema>;

/** File name of the ingest record inside an index directory. */
export const INGEST_RECORD_FILE = 'ingest.json';

/** Reads the ingest record of an index directory, if `ingest` wrote one. */
export function readIngestRecord(dir: string): IngestRecord | undefined {
  try {
    const parsed = ingestRecordSchema.safeParse(
      JSON.parse(readFileSync(join(dir, INGEST_RECORD_FILE), 'utf8')),
    );
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the ingest record atomically. */
export async function writeIngestRecord(dir: string, record: IngestRecord): Promise<void> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, INGEST_RECORD_FILE);
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, `${JSON.stringify(record, null, 2)}\n`);
  await rename(tmp, file);
}
