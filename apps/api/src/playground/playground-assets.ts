import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One static file of the playground, read once at start-up. */
export interface PlaygroundAsset {
  body: Buffer;
  contentType: string;
  /** Strong validator for conditional requests. */
  etag: string;
}

/** Files of the page, by the URL path they are served at. */
export const PLAYGROUND_FILES = {
  '/': { file: 'index.html', contentType: 'text/html; charset=utf-8' },
  '/playground.js': { file: 'playground.js', contentType: 'text/javascript; charset=utf-8' },
  '/playground.css': { file: 'playground.css', contentType: 'text/css; charset=utf-8' },
  // Declared by the page's <link rel="icon">, so browsers do not ask for a missing /favicon.ico.
  '/favicon.svg': { file: 'favicon.svg', contentType: 'image/svg+xml' },
} as const;

/** URL path of a playground file. */
export type PlaygroundPath = keyof typeof PLAYGROUND_FILES;

/**
 * Where the files are: `assets/` next to this module when run from source (ts-jest), or
 * `playground/` next to `main.js` in the webpack bundle (copied by `apps/api/webpack.config.js`).
 */
export function playgroundAssetDirs(baseDir: string = __dirname): string[] {
  return [join(baseDir, 'assets'), join(baseDir, 'playground')];
}

/**
 * Reads every playground file into memory so serving never touches the disk.
 * @throws Error naming the directories searched when the files are missing (a broken build).
 */
export function loadPlaygroundAssets(
  dirs: readonly string[] = playgroundAssetDirs(),
): Map<PlaygroundPath, PlaygroundAsset> {
  const dir = dirs.find((d) => existsSync(join(d, PLAYGROUND_FILES['/'].file)));
  if (dir === undefined) {
    throw new Error(
      `playground assets not found in ${dirs.join(' or ')}; rebuild the API ` +
        '(NX_DAEMON=false npx nx build api copies apps/api/src/playground/assets).',
    );
  }
  const assets = new Map<PlaygroundPath, PlaygroundAsset>();
  for (const [path, spec] of Object.entries(PLAYGROUND_FILES) as [
    PlaygroundPath,
    (typeof PLAYGROUND_FILES)[PlaygroundPath],
  ][]) {
    const body = readFileSync(join(dir, spec.file));
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    assets.set(path, { body, contentType: spec.contentType, etag });
  }
  return assets;
}
