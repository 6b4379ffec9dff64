import { dirname, join, resolve } from 'node:path';
import type { Logger } from 'pino';
import type { ApiConfig } from '../config/api-config';
import type { ApiMetrics } from '../observability/api-metrics';
import type { QaEngine } from '../pipelines/qa-engine';
import type { ProgramCache } from './program-cache';
import type { ProgramRegistry } from './program-registry';

/** Settings of `ProgramManager`. */
export interface ProgramManagerSettings {
  modelName: string;
  modelAlias: string;
  programPath?: string;
  pollMs: number;
  /** Bound of one registry call (start-up and polls). */
  registryTimeoutMs: number;
  dryRunTimeoutMs: number;
}

/** What `ProgramManager` runs with. */
export interface ProgramManagerOptions {
  settings: ProgramManagerSettings;
  engine: QaEngine;
  /** null: no registry (programs come from `CITED_PROGRAM_PATH` or the committed default). */
  registry: ProgramRegistry | null;
  cache: ProgramCache;
  logger: Logger;
  metrics: ApiMetrics;
}

/** The {@link ProgramManagerSettings} of a configuration. */
export function programManagerSettings(config: ApiConfig): ProgramManagerSettings {
  const s = config.server;
  return {
    modelName: config.program.modelName,
    modelAlias: config.program.modelAlias,
    programPath: config.program.programPath,
    pollMs: s.registryPollSeconds * 1000,
    registryTimeoutMs: Math.min(config.mlflow.requestTimeoutMs, 10_000),
    dryRunTimeoutMs: s.dryRunTimeoutMs,
  };
}

/** Where validated registry programs are cached: `CITED_PROGRAM_CACHE_DIR`, default `<parent of CITED_INDEX_DIR>/program-cache`. */
export function programCacheDir(config: ApiConfig): string {
  return resolve(
    config.server.programCacheDir ??
      join(dirname(resolve(config.retrieval.indexDir)), 'program-cache'),
  );
}
