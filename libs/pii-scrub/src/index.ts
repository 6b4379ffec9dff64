/**
 * Public API of @cited/pii-scrub. Keep it small and explicit: named exports only,
 * pinned by `public-api.spec.ts`.
 */
export { PACKAGE_VERSION } from './lib/package-version';
export { PiiScrubError } from './lib/errors/pii-scrub-error';
export type { PiiScrubErrorCode, PiiScrubErrorOptions } from './lib/errors/pii-scrub-error';
export { piiConfigFromEnv, piiEnvConfigSchema } from './lib/config/pii-config';
export type { PiiEnvConfig } from './lib/config/pii-config';
export {
  scrubOptionsSchema,
  scrubProfileSchema,
  ipRangeKindSchema,
} from './lib/config/scrub-options';
export type { ScrubOptions, ScrubProfile, ResolvedScrubOptions } from './lib/config/scrub-options';
export { BUILT_IN_ENTITY_TYPES, UNGATED_ENTITY_TYPES } from './lib/entity-types';
export type { BuiltInEntityType } from './lib/entity-types';
export type { CustomEntity } from './lib/detectors/custom-detector';
export { useNameLexiconSnapshot } from './lib/detectors/name-lexicon';
export { DEFAULT_SENSITIVE_KEYS } from './lib/scrub/sensitive-keys';
export { createScrubber, scrubText, scrubJson } from './lib/scrub/scrub-api';
export type { Scrubber } from './lib/scrub/scrub-api';
export type { Finding, ScrubTextResult } from './lib/scrub/scrubber';
export type { JsonFinding, ScrubJsonResult } from './lib/scrub/scrub-json';
export { createJsonlScrubStream } from './lib/scrub/jsonl-scrub-stream';
export type {
  JsonlIssue,
  JsonlScrubOptions,
  JsonlScrubStats,
} from './lib/scrub/jsonl-scrub-stream';
export { createLogScrubber, scrubForLog } from './lib/scrub/scrub-for-log';
export type { LogScrub, LogScrubberOptions } from './lib/scrub/scrub-for-log';
export { isLuhnValid } from './lib/validators/luhn-validator';
export { isValidIban } from './lib/validators/iban-validator';
export { isValidSsn } from './lib/validators/ssn-validator';
export { parseIpv4, parseIpv6 } from './lib/validators/ip-address-parser';
