import { createHash } from 'node:crypto';
import { existsSync, statSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import {
  ErrorCode,
  OpenFeatureEventEmitter,
  ProviderEvents,
  StandardResolutionReasons,
  type EvaluationContext,
  type JsonValue,
  type Provider,
  type ResolutionDetails,
} from '@openfeature/server-sdk';
import { KILL_SWITCH_FLAG, readFlagsFile, type FlagDefinition, type FlagsFile } from './flags-file';

/** Callbacks of {@link JsonFileFlagProvider} for logs and metrics. */
export interface FlagFileEvents {
  onLoaded?: (path: string) => void;
  onInvalid?: (path: string, message: string) => void;
}

type Value = string | boolean | number;

function bucketOf(flagKey: string, targetingKey: string): number {
  const h = createHash('sha256').update(`${flagKey}:${targetingKey}`).digest();
  return h.readUInt32BE(0) % 100;
}

/**
 * OpenFeature provider backed by a JSON flags file (see docs/feature-flags.md). Reloads on
 * change (fs.watch on the directory, so atomic renames are seen, plus a polling fallback);
 * an invalid new version is refused and the previous flags keep serving.
 */
export class JsonFileFlagProvider implements Provider {
  readonly metadata = { name: 'cited-json-file' } as const;
  readonly runsOn = 'server' as const;
  readonly events = new OpenFeatureEventEmitter();

  private flags: FlagsFile = { version: 1, flags: {} };
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastSignature = '';

  /**
   * @param path the flags file; undefined: no file, every flag resolves to its default.
   * @throws FlagsFileError when the file exists but is invalid at start-up.
   */
  constructor(
    private readonly path: string | undefined,
    private readonly pollMs: number,
    private readonly callbacks: FlagFileEvents = {},
  ) {
    if (path !== undefined && existsSync(path)) {
      this.flags = readFlagsFile(path);
      this.lastSignature = this.signature();
    }
    this.startWatching();
  }

  /** The flags now in force (for diagnostics). */
  current(): FlagsFile {
    return this.flags;
  }

  /** True when the `kill-switch` flag is on for some tenants (a tenant rule or a rollout). */
  killSwitchForSomeTenants(): boolean {
    const def = this.flags.flags[KILL_SWITCH_FLAG];
    if (def === undefined) return false;
    return (
      Object.values(def.tenants).some((v) => v === true) ||
      def.rollout.some((r) => r.value === true && r.percent > 0)
    );
  }

  private signature(): string {
    if (this.path === undefined) return '';
    try {
      const s = statSync(this.path);
      return `${s.mtimeMs}:${s.size}:${s.ino}`;
    } catch {
      return 'missing';
    }
  }

  /** Re-reads the file when it changed; keeps the previous flags when it is invalid. */
  reload(force = false): void {
    if (this.path === undefined) return;
    const sig = this.signature();
    if (!force && sig === this.lastSignature) return;
    this.lastSignature = sig;
    if (sig === 'missing') return;
    try {
      this.flags = readFlagsFile(this.path);
      this.callbacks.onLoaded?.(this.path);
      this.events.emit(ProviderEvents.ConfigurationChanged, { message: 'flags file reloaded' });
    } catch (error) {
      this.callbacks.onInvalid?.(this.path, error instanceof Error ? error.message : String(error));
    }
  }

  private startWatching(): void {
    if (this.path === undefined) return;
    const name = basename(this.path);
    try {
      this.watcher = watch(dirname(this.path), { persistent: false }, (_event, file) => {
        if (file === null || file === name) this.reload();
      });
      this.watcher.on('error', () => this.watcher?.close());
    } catch {
      // Directory missing or watch unsupported: polling below still notices changes.
    }
    this.timer = setInterval(() => this.reload(), this.pollMs);
    this.timer.unref();
  }

  async onClose(): Promise<void> {
    this.watcher?.close();
    if (this.timer !== undefined) clearInterval(this.timer);
  }

  /**
   * Resolves a flag synchronously from the in-memory flags, exactly as the OpenFeature
   * `resolve*Evaluation` methods do. Lets the request path skip the SDK's per-evaluation
   * promise, hook and context-merging work when no hooks are registered (see `PipelineFlags`).
   */
  resolveNow<T extends Value>(
    flagKey: string,
    defaultValue: T,
    context: EvaluationContext,
  ): ResolutionDetails<T> {
    return this.resolve(flagKey, defaultValue, context);
  }

  private resolve<T extends Value>(
    flagKey: string,
    defaultValue: T,
    context: EvaluationContext,
  ): ResolutionDetails<T> {
    const def: FlagDefinition | undefined = this.flags.flags[flagKey];
    if (def === undefined)
      return { value: defaultValue, reason: StandardResolutionReasons.DEFAULT };
    const tenant =
      typeof context['tenantId'] === 'string' ? context['tenantId'] : context.targetingKey;
    let value: Value | undefined;
    let reason: string = StandardResolutionReasons.STATIC;
    if (tenant !== undefined && def.tenants[tenant] !== undefined) {
      value = def.tenants[tenant];
      reason = StandardResolutionReasons.TARGETING_MATCH;
    } else if (tenant !== undefined && def.rollout.length > 0) {
      const bucket = bucketOf(flagKey, tenant);
      let acc = 0;
      for (const r of def.rollout) {
        acc += r.percent;
        if (bucket < acc) {
          value = r.value;
          reason = StandardResolutionReasons.SPLIT;
          break;
        }
      }
    }
    if (value === undefined) {
      value = def.default;
      reason = StandardResolutionReasons.STATIC;
    }
    if (value === undefined)
      return { value: defaultValue, reason: StandardResolutionReasons.DEFAULT };
    if (typeof value !== typeof defaultValue) {
      return {
        value: defaultValue,
        reason: StandardResolutionReasons.ERROR,
        errorCode: ErrorCode.TYPE_MISMATCH,
        errorMessage: `flag ${flagKey} is not a ${typeof defaultValue}`,
      };
    }
    return { value: value as T, variant: String(value), reason };
  }

  async resolveBooleanEvaluation(
    flagKey: string,
    defaultValue: boolean,
    context: EvaluationContext,
  ): Promise<ResolutionDetails<boolean>> {
    return this.resolve(flagKey, defaultValue, context);
  }

  async resolveStringEvaluation(
    flagKey: string,
    defaultValue: string,
    context: EvaluationContext,
  ): Promise<ResolutionDetails<string>> {
    return this.resolve(flagKey, defaultValue, context);
  }

  async resolveNumberEvaluation(
    flagKey: string,
    defaultValue: number,
    context: EvaluationContext,
  ): Promise<ResolutionDetails<number>> {
    return this.resolve(flagKey, defaultValue, context);
  }

  async resolveObjectEvaluation<T extends JsonValue>(
    flagKey: string,
    defaultValue: T,
  ): Promise<ResolutionDetails<T>> {
    return {
      value: defaultValue,
      reason: StandardResolutionReasons.ERROR,
      errorCode: ErrorCode.TYPE_MISMATCH,
      errorMessage: `flag ${flagKey}: object flags are not supported by the JSON file provider`,
    };
  }
}
