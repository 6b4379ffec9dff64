import type { Logger } from 'pino';
import type { ApiMetrics } from '../observability/api-metrics';
import type { ProgramManagerSettings } from './program-manager-options';
import type { AliasTarget, ProgramRegistry } from './program-registry';
import type { RegistryState } from './registry-state';

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What downloading the alias' version gave. */
export type AliasDownload =
  { kind: 'program'; json: string } | { kind: 'no_program_file' } | { kind: 'unreachable' };

/**
 * The registry as the program manager talks to it: every call bounded by the registry timeout,
 * its outcome recorded in {@link RegistryState} (what `/v1/programs` and readiness report) and
 * its failures logged once, so a dead registry never stalls a poll nor floods the log.
 */
export class RegistryAlias {
  constructor(
    private readonly registry: ProgramRegistry,
    private readonly settings: ProgramManagerSettings,
    private readonly state: RegistryState,
    private readonly logger: Logger,
    private readonly metrics: ApiMetrics,
  ) {}

  /**
   * Where the alias points now.
   * @returns the target, null when the model or alias does not exist, 'unreachable' on failure
   */
  async resolve(why: 'startup' | 'poll' | 'manual'): Promise<AliasTarget | null | 'unreachable'> {
    const { modelName, modelAlias, registryTimeoutMs } = this.settings;
    const st = this.state;
    st.lastCheckedAt = new Date().toISOString();
    let target: AliasTarget | null;
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
      return 'unreachable';
    }
    st.lastError = null;
    st.status = target === null ? 'alias_not_found' : 'ok';
    st.aliasVersion = target?.version ?? null;
    return target;
  }

  /** Downloads the `program.json` of `version`; a failure is logged and counted. */
  async download(version: string): Promise<AliasDownload> {
    const { modelName, registryTimeoutMs } = this.settings;
    try {
      const json = await this.registry.downloadProgram(
        modelName,
        version,
        AbortSignal.timeout(registryTimeoutMs),
      );
      return json === null ? { kind: 'no_program_file' } : { kind: 'program', json };
    } catch (error) {
      this.state.status = 'unreachable';
      this.state.lastError = message(error);
      this.metrics.programReloads.inc({ source: 'registry', result: 'error' });
      this.logger.warn(
        {
          event: 'program_download_failed',
          modelUri: this.state.modelUri,
          version,
          error: message(error),
        },
        'could not download the program of the alias; the current program keeps serving',
      );
      return { kind: 'unreachable' };
    }
  }

  /** Tags the version as served (`cited.served_at`), for promote and rollback to show; never throws. */
  markServed(version: string): void {
    const { modelName, registryTimeoutMs } = this.settings;
    void this.registry
      .markServed(
        modelName,
        version,
        new Date().toISOString(),
        AbortSignal.timeout(registryTimeoutMs),
      )
      .catch((error: unknown) =>
        this.logger.warn(
          { event: 'program_served_tag_failed', version, error: message(error) },
          'could not tag the served model version',
        ),
      );
  }

  /** How a version of the alias is named in reports. */
  location(version: string): string {
    return `models:/${this.settings.modelName}/${version} (@${this.settings.modelAlias})`;
  }
}
