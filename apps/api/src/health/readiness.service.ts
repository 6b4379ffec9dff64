import type { ShutdownState } from '../app/shutdown-state';
import type { ApiServerConfig } from '../config/api-config';
import type { PipelineFlags } from '../flags/pipeline-flags';
import type { LlmCircuitBreaker } from '../pipelines/llm-circuit-breaker';
import type { IndexStatus, QaEngine } from '../pipelines/qa-engine';
import type { RollbackMonitor } from '../pipelines/rollback-monitor';
import type { ProgramManager } from '../programs/program-manager';
import type { DegradedReason, Readiness, ReadinessDetails } from './health.schemas';
import type { LlmHealth } from './llm-health';

/** What readiness looks at. */
export interface ReadinessSources {
  server: Pick<ApiServerConfig, 'readyProbeTimeoutMs'>;
  engine: QaEngine;
  programs: ProgramManager;
  rollback: RollbackMonitor;
  llmHealth: LlmHealth;
  circuit: LlmCircuitBreaker;
  /** The flags as requests read them (the kill switch of the flags file included). */
  flags: PipelineFlags;
  shutdown: ShutdownState;
}

/**
 * The readiness report of `GET /readyz`. Every component is reported; only the ones that
 * change answers make the service `degraded` (an unreachable MLflow does not, while the program
 * served does not come from the registry). The public report is the status and the reason
 * codes; the component details (paths, URLs, refusals) are for operators.
 */
export class ReadinessService {
  constructor(private readonly sources: ReadinessSources) {}

  /**
   * Probes the index (a remote one within `CITED_READY_PROBE_TIMEOUT_MS`) and reports.
   * @param details include the component checks (operators only)
   */
  async check(details: boolean): Promise<Readiness> {
    const { engine, server, flags } = this.sources;
    const [index, killSwitch] = await Promise.all([
      engine.probeIndex(server.readyProbeTimeoutMs),
      flags.killSwitch(),
    ]);
    const full = this.report(index, killSwitch);
    return details ? full : { status: full.status, reasons: full.reasons };
  }

  private report(
    index: IndexStatus,
    kill: Awaited<ReturnType<PipelineFlags['killSwitch']>>,
  ): Readiness & { checks: ReadinessDetails } {
    const { engine, programs, rollback, llmHealth, circuit, shutdown } = this.sources;
    const primary = programs.current();
    const refusal = programs.outstandingRefusal();
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
    const circuitOpen = engine.llmConfigured && circuit.state !== 'closed';
    const refused = refusal !== null;
    const registryNeeded =
      reg.status !== 'disabled' && (primary.source === 'registry' || primary.source === 'cache');
    const reasons: DegradedReason[] = [];
    if (kill.everyone) reasons.push('kill_switch');
    if (rollbackActive) reasons.push('rollback');
    if (engine.llmConfigured && llmFailing) reasons.push('llm_failing');
    if (circuitOpen) reasons.push('llm_circuit_open');
    if (refused) reasons.push('program_refused');
    if (registryNeeded && mlflowStatus !== 'ok') reasons.push('registry_unreachable');
    const checks: ReadinessDetails = {
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
        status: !engine.llmConfigured
          ? 'not_configured'
          : llmFailing || circuitOpen
            ? 'degraded'
            : 'ok',
        models: engine.llmModels,
        lastError: llmFailing ? llmHealth.lastError : null,
        circuit: engine.llmConfigured ? circuit.status() : null,
      },
      routing: {
        status: kill.everyone || kill.someTenants === true || rollbackActive ? 'degraded' : 'ok',
        killSwitch: kill.everyone,
        killSwitchSource: kill.source,
        killSwitchTenants: kill.someTenants,
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
