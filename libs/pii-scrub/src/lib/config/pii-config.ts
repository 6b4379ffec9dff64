import { z } from 'zod';
import { PiiScrubError } from '../errors/pii-scrub-error';

/** Process-wide scrubber settings that come from the environment. */
export const piiEnvConfigSchema = z.object({
  /** Key for keyed pseudonyms (HMAC-SHA256). Unset: numbered placeholders only. */
  hmacKey: z.string().min(16, 'must be at least 16 characters').optional(),
});

/** Validated scrubber settings from the environment. */
export type PiiEnvConfig = z.infer<typeof piiEnvConfigSchema>;

/**
 * Reads `CITED_PII_HMAC_KEY`. Apps call this once at start-up; the library never reads
 * `process.env`. The key itself never appears in an error message.
 * @throws PiiScrubError `invalid_config` naming the variable.
 */
export function piiConfigFromEnv(env: Readonly<Record<string, string | undefined>>): PiiEnvConfig {
  const value = env['CITED_PII_HMAC_KEY'];
  const parsed = piiEnvConfigSchema.safeParse({ hmacKey: value === '' ? undefined : value });
  if (!parsed.success) {
    throw new PiiScrubError(
      'invalid_config',
      `CITED_PII_HMAC_KEY ${parsed.error.issues[0]?.message ?? 'is invalid'}.`,
      {
        where: 'CITED_PII_HMAC_KEY',
        fix: 'Use a random value of 16+ characters, e.g. `openssl rand -hex 32`, or unset it.',
      },
    );
  }
  return parsed.data;
}
