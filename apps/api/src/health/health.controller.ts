import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/public.decorator';
import { LivenessDto, ReadinessDto, type Readiness } from './health.schemas';
import { ReadinessService } from './readiness.service';

/** Liveness and readiness probes (no API key, no rate limit). */
@ApiTags('health')
@Public()
@Controller()
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

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
    const report = await this.readiness.check();
    void reply.status(report.status === 'not_ready' ? 503 : 200);
    return report;
  }
}
