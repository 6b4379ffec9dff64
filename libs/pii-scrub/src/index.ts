/**
 * Public API of @cited/pii-scrub. Keep it small and explicit: named exports only,
 * pinned by `public-api.spec.ts`.
 */
export { PACKAGE_VERSION } from './lib/package-version';
export { PiiScrubError } from './lib/errors/pii-scrub-error';
export type { PiiScrubErrorCode, PiiScrubErrorOptions } from './lib/errors/pii-scrub-error';
export { piiConfigFromEnv, piiEnvConfigSchema } from './lib/config/pii-config';
export type { PiiEnvConfig } from './lib/config/pii-config';
