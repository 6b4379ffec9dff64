import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { PROGRAM_FILE } from '@cited/dspy-pipeline';

/** Provenance of a cached program. */
export const cachedProgramMetaSchema = z.object({
  modelName: z.string(),
  alias: z.string(),
  version: z.string(),
  programId: z.string(),
  validatedAt: z.string(),
});

/** Provenance of a cached program. */
export type CachedProgramMeta = z.infer<typeof cachedProgramMetaSchema>;

/** A cached program with its provenance. */
export interface CachedProgram {
  json: string;
  meta: CachedProgramMeta;
}

function safeSegment(s: string): string {
  return s.replace(/[^\w.-]/g, '_');
}

function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, text, 'utf8');
  renameSync(tmp, path);
}

/** A cache entry as reported by `/v1/programs/active`. */
export interface CachedProgramReport {
  path: string;
  version: string;
  programId: string;
  validatedAt: string;
}

/**
 * The last validated registry program on disk, so a restart while MLflow is away serves it.
 * One entry per `<model>@<alias>`; writes are atomic (temp file + rename), the meta file last
 * so a reader never pairs a new program with old provenance.
 */
export class ProgramCache {
  constructor(private readonly dir: string) {}

  private entryDir(modelName: string, alias: string): string {
    return join(this.dir, `${safeSegment(modelName)}@${safeSegment(alias)}`);
  }

  /** Where the entry lives (reported by `/v1/programs/active`). */
  pathOf(modelName: string, alias: string): string {
    return join(this.entryDir(modelName, alias), PROGRAM_FILE);
  }

  /** Stores a validated program. */
  save(json: string, meta: CachedProgramMeta): void {
    const dir = this.entryDir(meta.modelName, meta.alias);
    mkdirSync(dir, { recursive: true });
    writeAtomic(join(dir, PROGRAM_FILE), json);
    writeAtomic(join(dir, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
  }

  /** The cached entry, or null when absent or unreadable. */
  load(modelName: string, alias: string): CachedProgram | null {
    const dir = this.entryDir(modelName, alias);
    try {
      const meta = cachedProgramMetaSchema.parse(
        JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')),
      );
      const json = readFileSync(join(dir, PROGRAM_FILE), 'utf8');
      return { json, meta };
    } catch {
      return null;
    }
  }

  /** The entry's location and provenance for reports, or null when absent or unreadable. */
  report(modelName: string, alias: string): CachedProgramReport | null {
    const c = this.load(modelName, alias);
    return c === null
      ? null
      : {
          path: this.pathOf(modelName, alias),
          version: c.meta.version,
          programId: c.meta.programId,
          validatedAt: c.meta.validatedAt,
        };
  }
}
