import { MlflowClientError } from '../errors/mlflow-client-error';

/**
 * Validates and normalizes a relative artifact path. Absolute paths (`/x`, `C:\x`, `\\host`),
 * `..` segments, backslashes and NUL bytes are rejected before any request is made; `.`
 * and empty segments are dropped. Returns the path with `/` separators ('' for the root).
 */
export function validateArtifactPath(path: string, what = 'artifact path'): string {
  const fail = (rule: string) =>
    new MlflowClientError(
      'invalid_argument',
      `${what} ${JSON.stringify(path.replace(/\0/g, '\\0'))} ${rule}.`,
      {
        fix: 'Use a relative path such as "reports/eval.json".',
      },
    );
  if (path.includes('\0')) throw fail('contains a NUL byte');
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path) || path.startsWith('\\'))
    throw fail('is absolute');
  if (path.includes('\\')) throw fail('contains a backslash');
  const segments = path.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) throw fail('contains a ".." segment');
  return segments.join('/');
}

/** Percent-encodes each segment of a validated path. */
export function encodePath(path: string): string {
  return path
    .split('/')
    .filter((s) => s !== '')
    .map(encodeURIComponent)
    .join('/');
}

/** Joins validated path parts with `/`, skipping empty ones. */
export function joinPath(...parts: string[]): string {
  return parts.filter((p) => p !== '').join('/');
}

/**
 * Maps an artifact URI served by the tracking server (`mlflow-artifacts:/1/<run>/artifacts`,
 * also with an authority `mlflow-artifacts://host:port/…`) to its path below the proxy
 * endpoint `/api/2.0/mlflow-artifacts/artifacts/`.
 */
export function proxyRootOf(artifactUri: string): string {
  const m = /^mlflow-artifacts:(?:\/\/[^/]*)?\/*(.*)$/.exec(artifactUri);
  if (!m)
    throw new MlflowClientError(
      'invalid_argument',
      `artifact URI scheme of '${artifactUri.split(':')[0]}:' is not served by the tracking server.`,
      {
        fix: 'Start the server with --artifacts-destination (not --default-artifact-root) so artifacts go through its proxy.',
      },
    );
  return validateArtifactPath(decodeURIComponent(m[1] ?? ''), 'artifact URI path');
}
