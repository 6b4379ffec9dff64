import { z } from 'zod';

/** One mebibyte: `--max-snapshot-mb` and `maxSnapshotBytes` count in these. */
export const MIB = 1024 * 1024;

/** Options of {@link createDatasetManifest}, validated at the boundary. */
export const createManifestOptionsSchema = z.object({
  /** The `.jsonl` dataset. */
  file: z.string().min(1),
  /** Directory receiving `manifest.json` and the snapshot or sample (created if missing). */
  outDir: z.string().min(1),
  /** Dataset name; default: the file name without `.jsonl`. */
  name: z.string().min(1).max(500).optional(),
  /** Semantic tag or commit SHA; default: the file's git commit, else `unversioned`. */
  version: z.string().min(1).optional(),
  /** Overrides `source_uri` (e.g. the object-store URI the file was copied from). */
  sourceUri: z.string().min(1).optional(),
  /** Seed of the sample's PRNG. */
  seed: z
    .union([z.string().min(1), z.number().int()])
    .default('0')
    .transform((s) => String(s)),
  /** Largest compressed snapshot to emit, in bytes (default 100 MiB). */
  maxSnapshotBytes: z
    .number()
    .int()
    .nonnegative()
    .default(100 * MIB),
  /** Fraction of rows to sample when the snapshot is over budget: 0.01–0.02. */
  sampleRate: z.number().min(0.01).max(0.02).default(0.01),
  /** Largest sample, in rows. */
  maxSampleRows: z.number().int().positive().default(1000),
  /** Longest accepted line, in bytes (default 16 MiB). */
  maxLineBytes: z
    .number()
    .int()
    .positive()
    .default(16 * MIB),
  /** Rows read to build `schema_sample`. */
  schemaSampleRows: z.number().int().positive().default(100),
  /** Clock for `created_at` (tests). */
  now: z.custom<() => Date>((v) => typeof v === 'function').optional(),
});

/** Options accepted by {@link createDatasetManifest} (before defaults). */
export type CreateManifestOptions = z.input<typeof createManifestOptionsSchema>;

/** Options after validation and defaults. */
export type ResolvedManifestOptions = z.output<typeof createManifestOptionsSchema>;
