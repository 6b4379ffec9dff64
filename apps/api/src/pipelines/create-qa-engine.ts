import type { ApiConfig } from '../config/api-config';
import { LibraryQaEngine } from './library-qa-engine';
import type { QaEngine } from './qa-engine';

/** The production {@link QaEngine} of a configuration. */
export function createQaEngine(config: ApiConfig): QaEngine {
  return new LibraryQaEngine({
    retrieval: config.retrieval,
    qdrantCollection: config.server.qdrantCollection,
    llm: config.llm,
  });
}
