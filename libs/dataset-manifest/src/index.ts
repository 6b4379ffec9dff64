/**
 * Public API of @cited/dataset-manifest. Keep it small and explicit: named exports only,
 * pinned by `public-api.spec.ts`.
 */
export { PACKAGE_VERSION } from './lib/package-version';
export { DatasetManifestError } from './lib/errors/dataset-manifest-error';
export type {
  DatasetManifestErrorCode,
  DatasetManifestErrorOptions,
} from './lib/errors/dataset-manifest-error';
