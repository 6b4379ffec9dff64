import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import { PROGRAM_FILE, type PipelineKind } from '@cited/dspy-pipeline';
import type { ApiMetrics } from '../observability/api-metrics';
import type { QaEngine } from '../pipelines/qa-engine';
import type { CachedProgramReport, ProgramCache } from './program-cache';
import type { ProgramManagerOptions, ProgramManagerSettings } from './program-manager-options';
import type { ProgramRegistry } from './program-registry';
import { OutstandingRefusal } from './outstanding-refusal';
import { RefusalLog } from './refusal-log';
import { RegistryAlias } from './registry-alias';
import { initialRegistryState, type RegistryState } from './registry-state';
import type { ProgramSource, RefusedProgram, ServingProgram } from './serving-program';
import { validateProgram } from './validate-program';

export type { RegistryState } from './registry-state';

export type {
  ProgramSource,
  RefusedProgram,
  ServingProgram,
  ValidationReport,
} from './serving-program';

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Resolves, validates and hot-swaps the serving program: `CITED_PROGRAM_PATH` → registry alias
 * → committed default, with the last validated registry program cached on disk. A program that
 * fails validation is refused and reported; the one before keeps serving. Swaps are a single
 * reference assignment, so a request sees either the old or the new program, never a mix.
 */
export class ProgramManager {
  private primary!: ServingProgram;
  private defaultExtractive!: ServingProgram;
  private builtinBaseline: ServingProgram | null = null;
  private readonly refusals: RefusalLog;
  private readonly outstanding = new OutstandingRefusal();
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | null = null;
  private stopped = false;
  private listeners: ((p: ServingProgram) => void)[] = [];
  readonly registryState: RegistryState;
  private readonly settings: ProgramManagerSettings;
  private readonly engine: QaEngine;
  private readonly registry: ProgramRegistry | null;
  private readonly alias: RegistryAlias | null;
  private readonly cache: ProgramCache;
  private readonly logger: Logger;
  private readonly metrics: ApiMetrics;

  constructor(options: ProgramManagerOptions) {
    this.settings = options.settings;
    this.engine = options.engine;
    this.registry = options.registry;
    this.cache = options.cache;
    this.logger = options.logger;
    this.metrics = options.metrics;
    this.registryState = initialRegistryState(
      this.registry?.location ?? null,
      this.registry === null || this.settings.programPath !== undefined,
      this.settings.modelName,
      this.settings.modelAlias,
    );
    this.refusals = new RefusalLog(this.logger, this.metrics);
    this.alias =
      this.registry === null
        ? null
        : new RegistryAlias(
            this.registry,
            this.settings,
            this.registryState,
            this.logger,
            this.metrics,
          );
  }

  /** Called with every newly served primary program (e.g. to reset the rollback breaker). */
  onSwap(listener: (p: ServingProgram) => void): void {
    this.listeners.push(listener);
  }

  /** Loads the first program; never leaves the API without one (the default always loads). */
  async start(): Promise<void> {
    const def = await this.validate(
      this.engine.defaultProgramJson(),
      'default',
      'default program',
      null,
    );
    if (!('serving' in def)) {
      throw new Error(`The committed default program failed validation: ${def.refused.reason}`);
    }
    this.defaultExtractive = def.serving;
    this.primary = def.serving;
    if (this.engine.llmConfigured) {
      this.builtinBaseline = {
        ...def.serving,
        pipeline: this.engine.createPipeline('baseline', def.serving.program),
      };
    }
    const { programPath } = this.settings;
    if (programPath !== undefined) {
      await this.loadFile(programPath);
    } else if (this.registry !== null) {
      const served = await this.pollOnce('startup');
      if (!served) await this.loadFromCache();
      this.schedule();
    }
  }

  private async loadFile(path: string): Promise<void> {
    let json: string | null;
    try {
      json = readFileSync(path, 'utf8');
    } catch (error) {
      const code = error instanceof Error && 'code' in error ? String(error.code) : 'read error';
      this.refuse({
        source: 'file',
        location: path,
        version: null,
        at: new Date().toISOString(),
        reason: `CITED_PROGRAM_PATH ${path} cannot be read (${code}).`,
        checks: [],
      });
      return;
    }
    const r = await this.validate(json, 'file', path, null);
    if ('serving' in r) this.swap(r.serving);
  }

  private async loadFromCache(): Promise<void> {
    const { modelName, modelAlias } = this.settings;
    const cached = this.cache.load(modelName, modelAlias);
    if (cached === null) return;
    const r = await this.validate(
      cached.json,
      'cache',
      this.cache.pathOf(modelName, modelAlias),
      cached.meta.version,
    );
    if ('serving' in r) this.swap(r.serving);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.polling = this.pollOnce('poll')
        .then(() => undefined)
        .finally(() => {
          this.polling = null;
          this.schedule();
        });
    }, this.settings.pollMs);
    this.timer.unref();
  }

  /**
   * Asks the registry where the alias points and loads that version when it is new.
   * @returns true when a registry program is serving after the call.
   */
  async pollOnce(why: 'startup' | 'poll' | 'manual'): Promise<boolean> {
    const alias = this.alias;
    if (alias === null) return false;
    const target = await alias.resolve(why);
    if (target === null || target === 'unreachable') return false;
    const p = this.primary;
    if ((p.source === 'registry' || p.source === 'cache') && p.version === target.version) {
      if (p.source === 'cache')
        this.primary = { ...p, source: 'registry', location: alias.location(target.version) };
      this.outstanding.aliasOnServing();
      return true;
    }
    if (this.outstanding.alreadyRefused(target.version)) return false;
    const location = alias.location(target.version);
    const download = await alias.download(target.version);
    if (download.kind === 'unreachable') return false;
    if (download.kind === 'no_program_file') {
      this.refuse({
        source: 'registry',
        location,
        version: target.version,
        at: new Date().toISOString(),
        reason: `model version ${target.version} has no ${PROGRAM_FILE} artifact (not a Cited program, or registered from another artifact path)`,
        checks: [],
      });
      return false;
    }
    const r = await this.validate(download.json, 'registry', location, target.version);
    if (!('serving' in r)) return false;
    this.swap(r.serving);
    alias.markServed(target.version);
    this.saveToCache(r.serving, target.version);
    return true;
  }

  /** Keeps the validated registry program on disk, so a restart without the registry serves it. */
  private saveToCache(serving: ServingProgram, version: string): void {
    const { modelName, modelAlias } = this.settings;
    try {
      this.cache.save(serving.program.json, {
        modelName,
        alias: modelAlias,
        version,
        programId: serving.program.id,
        validatedAt: serving.validation.validatedAt,
      });
    } catch (error) {
      this.logger.warn(
        { event: 'program_cache_write_failed', error: message(error) },
        'program cache write failed',
      );
    }
  }

  /** Validates a program; reports and counts a refusal, counts a load. */
  private async validate(
    json: string,
    source: ProgramSource,
    location: string,
    version: string | null,
  ): Promise<{ serving: ServingProgram } | { refused: RefusedProgram }> {
    const r = await validateProgram(
      this.engine,
      json,
      { source, location, version },
      this.settings.dryRunTimeoutMs,
    );
    if ('refused' in r) return { refused: this.refuse(r.refused) };
    this.metrics.programReloads.inc({ source, result: 'loaded' });
    return r;
  }

  private refuse(r: RefusedProgram): RefusedProgram {
    this.outstanding.refused(r);
    return this.refusals.record(r);
  }

  private swap(next: ServingProgram): void {
    const prev = this.primary;
    this.primary = next;
    this.outstanding.served();
    this.logger.info(
      {
        event: 'program_loaded',
        source: next.source,
        location: next.location,
        programId: next.program.id,
        programName: next.program.name,
        pipeline: next.program.pipeline,
        version: next.version,
        previousProgramId: prev.program.id,
      },
      'program loaded',
    );
    for (const l of this.listeners) l(next);
  }

  /** The primary (promoted) program. */
  current(): ServingProgram {
    return this.primary;
  }

  /** The pipeline that answers when the chosen one cannot: baseline with an LLM, else extractive. */
  fallbackKind(): PipelineKind {
    return this.engine.llmConfigured ? 'baseline' : 'extractive';
  }

  /** The program serving `kind` now, or null when that pipeline cannot run. */
  servingFor(kind: PipelineKind): ServingProgram | null {
    const p = this.primary;
    if (p.program.pipeline === kind) return p;
    if (kind === 'extractive') return this.defaultExtractive;
    if (kind === 'baseline') return this.builtinBaseline;
    return null;
  }

  /**
   * The refusal that keeps a newer program from serving (a refused `CITED_PROGRAM_PATH` file,
   * registry version or cache entry), or null when the intended program serves.
   */
  outstandingRefusal(): RefusedProgram | null {
    return this.outstanding.get();
  }

  /** Recent refusals, newest first. */
  refused(): readonly RefusedProgram[] {
    return this.refusals.recent();
  }

  /** The disk cache entry of the registry program, for reports. */
  cachedProgram(): CachedProgramReport | null {
    return this.cache.report(this.settings.modelName, this.settings.modelAlias);
  }

  /** Stops polling and waits for a poll in flight; Nest calls it when the app shuts down. */
  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    await this.polling;
  }
}
