import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import type { PipelineKind, QaPipeline } from '@cited/dspy-pipeline';
import type { ApiMetrics } from '../observability/api-metrics';
import type { ParsedProgram, QaEngine, ValidationCheck } from '../pipelines/qa-engine';
import type { ProgramCache } from './program-cache';
import type { ProgramRegistry } from './program-registry';

/** Where a serving program came from. */
export type ProgramSource = 'file' | 'registry' | 'cache' | 'default';

/** Result of validating a program on load. */
export interface ValidationReport {
  ok: boolean;
  checks: ValidationCheck[];
  validatedAt: string;
}

/** A program that passed validation, with its ready pipeline. */
export interface ServingProgram {
  program: ParsedProgram;
  pipeline: QaPipeline;
  source: ProgramSource;
  /** Registry model version, when it came from the registry (or its disk cache). */
  version: string | null;
  location: string;
  loadedAt: string;
  validation: ValidationReport;
}

/** A program that failed validation and was not served. */
export interface RefusedProgram {
  source: ProgramSource;
  location: string;
  version: string | null;
  at: string;
  reason: string;
  checks: ValidationCheck[];
}

/** What the API knows about the registry. */
export interface RegistryState {
  status: 'ok' | 'unreachable' | 'alias_not_found' | 'disabled' | 'not_checked';
  location: string | null;
  modelUri: string;
  aliasVersion: string | null;
  lastCheckedAt: string | null;
  lastError: string | null;
}

/** Settings of {@link ProgramManager}. */
export interface ProgramManagerSettings {
  modelName: string;
  modelAlias: string;
  programPath?: string;
  pollMs: number;
  /** Bound of one registry call (start-up and polls). */
  registryTimeoutMs: number;
  dryRunTimeoutMs: number;
}

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
  private readonly refusals: RefusedProgram[] = [];
  private lastRefusedVersion: string | null = null;
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | null = null;
  private stopped = false;
  private listeners: ((p: ServingProgram) => void)[] = [];
  readonly registryState: RegistryState;

  constructor(
    private readonly settings: ProgramManagerSettings,
    private readonly engine: QaEngine,
    private readonly registry: ProgramRegistry | null,
    private readonly cache: ProgramCache,
    private readonly logger: Logger,
    private readonly metrics: ApiMetrics,
  ) {
    this.registryState = {
      status: registry === null || settings.programPath !== undefined ? 'disabled' : 'not_checked',
      location: registry?.location ?? null,
      modelUri: `models:/${settings.modelName}@${settings.modelAlias}`,
      aliasVersion: null,
      lastCheckedAt: null,
      lastError: null,
    };
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
    let json: string;
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
    if (this.registry === null) return false;
    const { modelName, modelAlias, registryTimeoutMs } = this.settings;
    const st = this.registryState;
    st.lastCheckedAt = new Date().toISOString();
    let target;
    try {
      target = await this.registry.resolveAlias(
        modelName,
        modelAlias,
        AbortSignal.timeout(registryTimeoutMs),
      );
    } catch (error) {
      if (st.status !== 'unreachable') {
        this.logger.warn(
          { event: 'registry_unreachable', modelUri: st.modelUri, why, error: message(error) },
          'model registry unreachable; the current program keeps serving',
        );
      }
      st.status = 'unreachable';
      st.lastError = message(error);
      return false;
    }
    st.lastError = null;
    if (target === null) {
      st.status = 'alias_not_found';
      st.aliasVersion = null;
      return false;
    }
    st.status = 'ok';
    st.aliasVersion = target.version;
    const p = this.primary;
    if ((p.source === 'registry' || p.source === 'cache') && p.version === target.version) {
      if (p.source === 'cache')
        this.primary = { ...p, source: 'registry', location: this.location(target.version) };
      return true;
    }
    if (target.version === this.lastRefusedVersion) return false;
    let json: string;
    try {
      json = await this.registry.downloadProgram(
        modelName,
        target.version,
        AbortSignal.timeout(registryTimeoutMs),
      );
    } catch (error) {
      st.status = 'unreachable';
      st.lastError = message(error);
      this.metrics.programReloads.inc({ source: 'registry', result: 'error' });
      this.logger.warn(
        {
          event: 'program_download_failed',
          modelUri: st.modelUri,
          version: target.version,
          error: message(error),
        },
        'could not download the program of the alias; the current program keeps serving',
      );
      return false;
    }
    const r = await this.validate(json, 'registry', this.location(target.version), target.version);
    if (!('serving' in r)) return false;
    this.swap(r.serving);
    try {
      this.cache.save(r.serving.program.json, {
        modelName,
        alias: modelAlias,
        version: target.version,
        programId: r.serving.program.id,
        validatedAt: r.serving.validation.validatedAt,
      });
    } catch (error) {
      this.logger.warn(
        { event: 'program_cache_write_failed', error: message(error) },
        'program cache write failed',
      );
    }
    return true;
  }

  private location(version: string): string {
    return `models:/${this.settings.modelName}/${version} (@${this.settings.modelAlias})`;
  }

  /** Parses, checks and dry-runs a program; reports and counts a refusal. */
  private async validate(
    json: string,
    source: ProgramSource,
    location: string,
    version: string | null,
  ): Promise<{ serving: ServingProgram } | { refused: RefusedProgram }> {
    const checks: ValidationCheck[] = [];
    const t0 = performance.now();
    let program: ParsedProgram;
    try {
      program = this.engine.parseProgram(json, location);
      checks.push({ name: 'schema', ok: true, ms: performance.now() - t0 });
    } catch (error) {
      checks.push({
        name: 'schema',
        ok: false,
        ms: performance.now() - t0,
        message: message(error),
      });
      return {
        refused: this.refuse({
          source,
          location,
          version,
          at: new Date().toISOString(),
          reason: message(error),
          checks,
        }),
      };
    }
    const t1 = performance.now();
    if (program.pipeline !== 'extractive' && !this.engine.llmConfigured) {
      const reason = `program ${program.id} runs the ${program.pipeline} pipeline, which needs an LLM; none is configured (CITED_LLM_PROVIDER).`;
      checks.push({
        name: 'compatibility',
        ok: false,
        ms: performance.now() - t1,
        message: reason,
      });
      return {
        refused: this.refuse({
          source,
          location,
          version,
          at: new Date().toISOString(),
          reason,
          checks,
        }),
      };
    }
    let pipeline: QaPipeline;
    try {
      pipeline = this.engine.createPipeline(program.pipeline, program);
      checks.push({ name: 'compatibility', ok: true, ms: performance.now() - t1 });
    } catch (error) {
      checks.push({
        name: 'compatibility',
        ok: false,
        ms: performance.now() - t1,
        message: message(error),
      });
      return {
        refused: this.refuse({
          source,
          location,
          version,
          at: new Date().toISOString(),
          reason: message(error),
          checks,
        }),
      };
    }
    let dry: ValidationCheck[];
    try {
      dry = await this.engine.dryRun(program, this.settings.dryRunTimeoutMs);
    } catch (error) {
      dry = [{ name: 'dry_run_render', ok: false, ms: 0, message: message(error) }];
    }
    checks.push(...dry);
    const failed = dry.find((c) => !c.ok);
    if (failed !== undefined) {
      const reason = `dry run failed (${failed.name}): ${failed.message ?? 'no detail'}`;
      return {
        refused: this.refuse({
          source,
          location,
          version,
          at: new Date().toISOString(),
          reason,
          checks,
        }),
      };
    }
    const validatedAt = new Date().toISOString();
    this.metrics.programReloads.inc({ source, result: 'loaded' });
    return {
      serving: {
        program,
        pipeline,
        source,
        version,
        location,
        loadedAt: validatedAt,
        validation: { ok: true, checks, validatedAt },
      },
    };
  }

  private refuse(r: RefusedProgram): RefusedProgram {
    this.refusals.unshift(r);
    this.refusals.length = Math.min(this.refusals.length, 10);
    if (r.source === 'registry') this.lastRefusedVersion = r.version;
    this.metrics.programReloads.inc({ source: r.source, result: 'refused' });
    this.logger.error(
      {
        event: 'program_refused',
        source: r.source,
        location: r.location,
        version: r.version,
        reason: r.reason,
        checks: r.checks.map((c) => `${c.name}:${c.ok ? 'ok' : 'failed'}`),
      },
      'program refused; the previous program keeps serving',
    );
    return r;
  }

  private swap(next: ServingProgram): void {
    const prev = this.primary;
    this.primary = next;
    this.lastRefusedVersion = null;
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

  /** The program serving `kind` now, or null when that pipeline cannot run. */
  servingFor(kind: PipelineKind): ServingProgram | null {
    const p = this.primary;
    if (p.program.pipeline === kind) return p;
    if (kind === 'extractive') return this.defaultExtractive;
    if (kind === 'baseline') return this.builtinBaseline;
    return null;
  }

  /** Recent refusals, newest first. */
  refused(): readonly RefusedProgram[] {
    return this.refusals;
  }

  /** The disk cache entry of the registry program, for reports. */
  cachedProgram(): {
    path: string;
    version: string;
    programId: string;
    validatedAt: string;
  } | null {
    const { modelName, modelAlias } = this.settings;
    const c = this.cache.load(modelName, modelAlias);
    return c === null
      ? null
      : {
          path: this.cache.pathOf(modelName, modelAlias),
          version: c.meta.version,
          programId: c.meta.programId,
          validatedAt: c.meta.validatedAt,
        };
  }

  /** Stops polling and waits for a poll in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    await this.polling;
  }
}
