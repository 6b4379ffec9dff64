import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { API_RUNTIME, type ApiRuntime } from '../app/api-runtime';
import { Public } from '../auth/public.decorator';
import type { IndexStatus } from '../pipelines/qa-engine';
import { LivenessDto, ReadinessDto, type DegradedReason, type Readiness } from './health.schemas';

/** Liveness and readiness probes (no API key, no rate limit). */
@ApiTags('health')
@Public()
@Controller()
export class HealthController {
  constructor(@Inject(API_RUNTIME) private readonly runtime: ApiRuntime) {}

  @Get('healthz')
  @ApiOperation({ summary: 'Liveness: the process is up and serving HTTP' })
  @ApiOkResponse({ type: LivenessDto })
  healthz(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('readyz')
  @ApiOperation({
    summary: 'Readiness: 200 while the API can answer (possibly degraded), 503 when it cannot',
    description:
      'Reports the index, program, MLflow registry, LLM and routing each. `status` is ' +
      '`degraded` only when answers are (kill switch, rollback, failing LLM, refused program, ' +
      'or a registry program that MLflow can no longer refresh); `reasons` says which.',
  })
  @ApiOkResponse({ type: ReadinessDto, description: 'Can answer (status ready or degraded)' })
  @ApiResponse({ status: 503, type: ReadinessDto, description: 'Cannot answer (status not_ready)' })
  async readyz(@Res({ passthrough: true }) reply: FastifyReply): Promise<Readiness> {
    const index = await this.runtime.engine.probeIndex(
      this.runtime.config.server.readyProbeTimeoutMs,
    );
    const report = readinessReport(this.runtime, index);
    void reply.status(report.status === 'not_ready' ? 503 : 200);
    return report;
  }
}

/**
 * The readiness report of a runtime, given a fresh index status. Every component is reported;
 * only the ones that change answers make the service `degraded` (an unreachable MLflow does
 * not, while the program served does not come from the registry).
 */
export function readinessReport(runtime: ApiRuntime, index: IndexStatus): Readiness {
  const { engine, programs, rollback, config, llmHealth, shuttingDown } = runtime;
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
  const llmFailing =
    llmHealth.lastFailureAt !== null &&
    (llmHealth.lastSuccessAt === null || llmHealth.lastFailureAt > llmHealth.lastSuccessAt);
  const rollbackActive = rollback.status().active;
  const killSwitch = config.server.killSwitch;
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
  const canAnswer = index.ready && !shuttingDown;
  return {
    status: !canAnswer ? 'not_ready' : reasons.length > 0 ? 'degraded' : 'ready',
    reasons,
    checks,
  };
}
