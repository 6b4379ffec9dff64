import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

/** The `compromise` release the lexicon is read from (pinned in package.json; a spec checks it). */
export const COMPROMISE_VERSION = '14.17.0';

/** Bumped whenever the snapshot's shape or the way word classes are derived changes. */
const SNAPSHOT_FORMAT = 1;

const wordClassesSchema = z.record(z.string().regex(/^\d$/), z.array(z.string()));

/** A name lexicon as stored on disk: words and phrases grouped by class, suffix rules by length. */
export const nameLexiconSnapshotSchema = z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  compromise: z.literal(COMPROMISE_VERSION),
  words: wordClassesSchema,
  phrases: wordClassesSchema,
  suffixes: z.array(z.tuple([z.number().int().positive(), wordClassesSchema])),
});
/** {@link nameLexiconSnapshotSchema}'s type. */
export type NameLexiconSnapshot = z.infer<typeof nameLexiconSnapshotSchema>;

/** Groups a word → class map by class, the snapshot's layout. */
export function groupByClass(map: ReadonlyMap<string, number>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [word, cls] of map) (out[String(cls)] ??= []).push(word);
  return out;
}

/** The word → class map of a snapshot's grouped classes. */
export function ungroup<C extends number>(grouped: Record<string, string[]>): Map<string, C> {
  const out = new Map<string, C>();
  for (const [cls, words] of Object.entries(grouped))
    for (const w of words) out.set(w, Number(cls) as C);
  return out;
}

/**
 * Reads a snapshot, or undefined when the file is missing, unreadable, malformed or from
 * another format or compromise release (then the lexicon is built from compromise again).
 */
export function readNameLexiconSnapshot(file: string): NameLexiconSnapshot | undefined {
  try {
    const parsed = nameLexiconSnapshotSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Writes a snapshot atomically (a temporary file renamed over it, mode 0600), so that a
 * concurrent reader sees the old file or the new one, never half of it. A failure to write
 * is ignored: the snapshot only saves start-up time.
 */
export function writeNameLexiconSnapshot(
  file: string,
  snapshot: Omit<NameLexiconSnapshot, 'format' | 'compromise'>,
): void {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const body: NameLexiconSnapshot = {
      format: SNAPSHOT_FORMAT,
      compromise: COMPROMISE_VERSION,
      ...snapshot,
    };
    writeFileSync(tmp, JSON.stringify(body), { mode: 0o600 });
    renameSync(tmp, file);
  } catch {
    // Nothing half-written stays behind.
    rmSync(tmp, { force: true });
  }
}
