import type { ShutdownState } from '../app/shutdown-state';
import type { ApiServerConfig } from '../config/api-config';
import type { IndexStatus, QaEngine } from '../pipelines/qa-engine';
import type { RollbackMonitor } from '../pipelines/rollback-monitor';
import type { ProgramManager } from '../programs/program-manager';
import type { DegradedReason, Readiness } from './health.schemas';
import type { LlmHealth } from './llm-health';

/** What readiness looks at. */
export interface ReadinessSources {
  server: Pick<ApiServerConfig, 'killSwitch' | 'readyProbeTimeoutMs'>;
  engine: QaEngine;
  programs: ProgramManager;
  rollback: RollbackMonitor;
  llmHealth: LlmHealth;
  shutdown: ShutdownState;
}

/**
 * The readiness report of `GET /readyz`. Every component is reported; only the ones that
 * change answers make the service `degraded` (an unreachable MLflow does not, while the program
 * served does not come from the registry).
 */
export class ReadinessService {
  constructor(private readonly sources: ReadinessSources) {}

  /** Probes the index (a remote one within `CITED_READY_PROBE_TIMEOUT_MS`) and reports. */
  async check(): Promise<Readiness> {
    const { engine, server } = this.sources;
    return this.report(await engine.probeIndex(server.readyProbeTimeoutMs));
  }

  private report(index: IndexStatus): Readiness {
    const { engine, programs, rollback, server, llmHealth, shutdown } = this.sources;
    const primary = programs.current();
    const refusal = programs.refused()[0];
    const reg = programs.registryState;
    const mlflowStatus =
      reg.status === 'disabled'
        ? 'disabled'
        : reg.status === 'unreachable'
          ? 'unavailable'
          : reg.status === 'ok' || reg.status === 'alias_not_found'
            ? 'ok'
            : 'degraded';
    const llmFailing = llmHealth.failing;
    const rollbackActive = rollback.status().active;
    const killSwitch = server.killSwitch;
    const refused = refusal !== undefined && Date.parse(refusal.at) > Date.parse(primary.loadedAt);
    const registryNeeded =
      reg.status !== 'disabled' && (primary.source === 'registry' || primary.source === 'cache');
    const reasons: DegradedReason[] = [];
    if (killSwitch) reasons.push('kill_switch');
    if (rollbackActive) reasons.push('rollback');
    if (engine.llmConfigured && llmFailing) reasons.push('llm_failing');
    if (refused) reasons.push('program_refused');
    if (registryNeeded && mlflowStatus !== 'ok') reasons.push('registry_unreachable');
    const checks: Readiness['checks'] = {
      index: { status: index.ready ? 'ok' : 'unavailable', ...index },
      program: {
        status: refused ? 'degraded' : 'ok',
        id: primary.program.id,
        pipeline: primary.program.pipeline,
        source: primary.source,
        version: primary.version,
        lastRefusal: refusal?.reason ?? null,
      },
      mlflow: {
        status: mlflowStatus,
        needed: registryNeeded,
        registry: reg.modelUri,
        location: reg.location,
        lastCheckedAt: reg.lastCheckedAt,
        lastError: reg.lastError,
      },
      llm: {
        status: !engine.llmConfigured ? 'not_configured' : llmFailing ? 'degraded' : 'ok',
        models: engine.llmModels,
        lastError: llmFailing ? llmHealth.lastError : null,
      },
      routing: {
        status: killSwitch || rollbackActive ? 'degraded' : 'ok',
        killSwitch,
        rollbackActive,
      },
    };
    const canAnswer = index.ready && !shutdown.closing;
    return {
      status: !canAnswer ? 'not_ready' : reasons.length > 0 ? 'degraded' : 'ready',
      reasons,
      checks,
    };
  }
}
