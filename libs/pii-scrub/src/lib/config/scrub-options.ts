import { z } from 'zod';
import { PiiScrubError } from '../errors/pii-scrub-error';
import type { CustomEntity } from '../detectors/custom-detector';

/** Named rule sets. `strict` adds person names (slow) and is what logs and MLflow uploads use. */
export const scrubProfileSchema = z.enum(['default', 'strict']);
/** A profile name. */
export type ScrubProfile = z.infer<typeof scrubProfileSchema>;

const entityTypeName = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,47}$/, 'must be lower snake case, e.g. `employee_id`');

/** IP ranges that can be kept (not redacted). */
export const ipRangeKindSchema = z.enum([
  'public',
  'private',
  'documentation',
  'loopback',
  'unspecified',
  'broadcast',
  'netmask',
  'link_local',
  'multicast',
]);

const contextWord = z
  .string()
  .min(2, 'must have at least 2 characters')
  .max(40, 'must have at most 40 characters');

/** Phone detection knobs (see the README's "Phone numbers" section). */
export const phoneOptionsSchema = z.object({
  /**
   * Regions (ISO 3166-1 alpha-2) a number written without a country code may belong to.
   * Default: every region libphonenumber knows.
   */
  regions: z
    .array(z.string().regex(/^[A-Z]{2}$/, 'must be a region code like `DE` or `US`'))
    .min(1)
    .optional(),
  /** Context words added to the built-in list (`stem*` matches word starts). */
  extraContextWords: z.array(contextWord).optional(),
});

/** Card detection knobs. */
export const cardOptionsSchema = z.object({
  /** Card context words added to the built-in list (`stem*` matches word starts). */
  extraContextWords: z.array(contextWord).optional(),
});

const customEntitySchema = z.object({
  type: entityTypeName,
  pattern: z.instanceof(RegExp),
  validate: z.custom<(match: string) => boolean>((v) => typeof v === 'function').optional(),
  priority: z.number().int().min(0).max(1000).optional(),
});

/** Options accepted by every scrub function. All fields optional. */
export const scrubOptionsSchema = z.object({
  /** Rule set to start from (default `default`). */
  profile: scrubProfileSchema.default('default'),
  /** Built-in types to turn on in addition to the profile's (e.g. `person_name`). */
  enable: z.array(entityTypeName).default([]),
  /** Built-in or custom types to turn off. */
  disable: z.array(entityTypeName).default([]),
  /** Extra entity types: regex + optional validator. */
  custom: z.array(customEntitySchema).default([]),
  /** JSON key names whose values are always redacted; replaces the built-in list. */
  sensitiveKeys: z.array(z.string().min(1)).optional(),
  /** JSON key names added to the built-in (or given) list. */
  extraSensitiveKeys: z.array(z.string().min(1)).default([]),
  /**
   * Key for keyed pseudonyms (HMAC-SHA256, truncated): the same value gives the same token in
   * every document. Unset: numbered placeholders, consistent within one document only.
   */
  pseudonymKey: z
    .union([z.string().min(16, 'must be at least 16 characters'), z.instanceof(Uint8Array)])
    .optional(),
  /** Deepest JSON nesting walked (default 64, max 10000). */
  maxDepth: z.number().int().min(1).max(10_000).default(64),
  /** Deeper values: `error` throws `depth_exceeded`; `truncate` replaces them with `<TRUNCATED>`. */
  onDepthExceeded: z.enum(['error', 'truncate']).default('error'),
  /** Circular references: `error` throws `circular_reference`; `replace` writes `<CIRCULAR>`. */
  onCircular: z.enum(['error', 'replace']).default('error'),
  /** IP ranges left as they are (default: loopback, unspecified, broadcast, netmask, multicast). */
  keepIpRanges: z.array(ipRangeKindSchema).optional(),
  /** Invalid UTF-8 in byte input: `error` throws `invalid_utf8`; `replace` decodes with U+FFFD. */
  invalidUtf8: z.enum(['error', 'replace']).default('error'),
  /** Phone numbers: regions for numbers without a country code, extra context words. */
  phone: phoneOptionsSchema.optional(),
  /** Card numbers: extra context words for numbers outside the known issuer ranges. */
  card: cardOptionsSchema.optional(),
});

/** Input form of {@link scrubOptionsSchema}. */
export type ScrubOptions = z.input<typeof scrubOptionsSchema> & { custom?: CustomEntity[] };
/** Parsed, defaulted options. */
export type ResolvedScrubOptions = z.output<typeof scrubOptionsSchema>;

/** Validates options; the message names the field and never echoes the pseudonym key. */
export function parseScrubOptions(options: unknown): ResolvedScrubOptions {
  const parsed = scrubOptionsSchema.safeParse(options ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.join('.') || '(options)';
    throw new PiiScrubError(
      'invalid_config',
      `scrub option \`${path}\` ${issue?.message ?? 'is invalid'}.`,
      {
        where: `options.${path}`,
        fix: 'See the configuration table in libs/pii-scrub/README.md.',
      },
    );
  }
  return parsed.data;
}
