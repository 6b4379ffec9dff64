import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { API_RUNTIME, type ApiRuntime } from '../app/api-runtime';
import { Public } from '../auth/public.decorator';
import { LivenessDto, ReadinessDto, type Readiness } from './health.schemas';

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
    description: 'Reports the index, program, MLflow registry and LLM each.',
  })
  @ApiOkResponse({ type: ReadinessDto, description: 'Can answer (status ready or degraded)' })
  @ApiResponse({ status: 503, type: ReadinessDto, description: 'Cannot answer (status not_ready)' })
  readyz(@Res({ passthrough: true }) reply: FastifyReply): Readiness {
    const report = this.report();
    void reply.status(report.status === 'not_ready' ? 503 : 200);
    return report;
  }

  private report(): Readiness {
    const { engine, programs, rollback, config, llmHealth, shuttingDown } = this.runtime;
    const index = engine.indexStatus();
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
    const checks: Readiness['checks'] = {
      index: { status: index.ready ? 'ok' : 'unavailable', ...index },
      program: {
        status:
          refusal !== undefined && Date.parse(refusal.at) > Date.parse(primary.loadedAt)
            ? 'degraded'
            : 'ok',
        id: primary.program.id,
        pipeline: primary.program.pipeline,
        source: primary.source,
        version: primary.version,
        lastRefusal: refusal?.reason ?? null,
      },
      mlflow: {
        status: mlflowStatus,
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
    const degraded = Object.values(checks).some(
      (c) => c.status === 'degraded' || c.status === 'unavailable',
    );
    return { status: !canAnswer ? 'not_ready' : degraded ? 'degraded' : 'ready', checks };
  }
}
