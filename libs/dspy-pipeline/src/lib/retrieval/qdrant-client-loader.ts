import { DspyPipelineError } from '../errors/dspy-pipeline-error';

/** The optional peer dependency that talks to Qdrant, and the version the library is tested with. */
export const QDRANT_CLIENT_PACKAGE = '@qdrant/js-client-rest';
export const QDRANT_CLIENT_VERSION = '1.18.0';

/**
 * The part of `@qdrant/js-client-rest`'s `QdrantClient` the retriever uses. Declared here, not
 * imported, so the library's type declarations compile for consumers that never install the
 * optional Qdrant client (a real `QdrantClient` satisfies it).
 */
export interface QdrantClientLike {
  collectionExists(name: string): Promise<{ exists: boolean }>;
  createCollection(name: string, args: object): Promise<unknown>;
  createPayloadIndex(name: string, args: object): Promise<unknown>;
  upsert(name: string, args: object): Promise<unknown>;
  query(
    name: string,
    args: object,
  ): Promise<{ points: { score: number; payload?: Record<string, unknown> | null }[] }>;
  count(name: string, args: object): Promise<{ count: number }>;
}

/** Options passed to the `QdrantClient` constructor. */
export interface QdrantClientOptions {
  url: string;
  apiKey?: string;
  checkCompatibility?: boolean;
  timeout?: number;
}

type QdrantModule = { QdrantClient: new (options: QdrantClientOptions) => QdrantClientLike };

function isMissingModule(err: unknown, name: string): boolean {
  return (
    err instanceof Error &&
    (err as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' &&
    err.message.includes(name)
  );
}

/**
 * Loads the optional peer `@qdrant/js-client-rest` when Qdrant is actually configured, so
 * users of the embedded index never need it installed.
 * @param load module loader (tests pass one that fails); default: Node's `require`.
 * @throws DspyPipelineError `invalid_config` naming the package to install when it is missing.
 */
export function createQdrantClient(
  options: QdrantClientOptions,
  // A literal, synchronous `require` keeps the apps' webpack externals and Node's resolution
  // working, and stays out of the way of users who never configure Qdrant.
  load: () => unknown = () => require('@qdrant/js-client-rest'),
): QdrantClientLike {
  let mod: QdrantModule;
  try {
    mod = load() as QdrantModule;
  } catch (cause) {
    if (!isMissingModule(cause, QDRANT_CLIENT_PACKAGE)) throw cause;
    throw new DspyPipelineError(
      'invalid_config',
      `Qdrant is configured but its client ${QDRANT_CLIENT_PACKAGE} is not installed`,
      {
        where: options.url,
        fix: `Run \`npm install ${QDRANT_CLIENT_PACKAGE}@${QDRANT_CLIENT_VERSION}\` (an optional peer dependency of @cited/dspy-pipeline), or unset QDRANT_URL to use the embedded index.`,
        cause,
      },
    );
  }
  return new mod.QdrantClient(options);
}
