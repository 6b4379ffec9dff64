import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/public.decorator';
import { TenantAccess } from '../auth/tenant-access';
import { LivenessDto, ReadinessDto, type Readiness } from './health.schemas';
import { ReadinessService } from './readiness.service';

/** Liveness and readiness probes (no API key, no rate limit). */
@ApiTags('health')
@Public()
@Controller()
export class HealthController {
  constructor(
    private readonly readiness: ReadinessService,
    private readonly access: TenantAccess,
  ) {}

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
      '`status` is `degraded` only when answers are (kill switch, rollback, failing LLM or its ' +
      'circuit open, refused program, or a registry program that MLflow can no longer ' +
      'refresh); `reasons` says which. Without a key only these two fields are shown; with a ' +
      'key of a tenant in CITED_ADMIN_TENANTS (or in local mode) `checks` reports the index, ' +
      'program, MLflow registry, LLM and routing each.',
  })
  @ApiOkResponse({ type: ReadinessDto, description: 'Can answer (status ready or degraded)' })
  @ApiResponse({ status: 503, type: ReadinessDto, description: 'Cannot answer (status not_ready)' })
  async readyz(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Readiness> {
    const report = await this.readiness.check(this.access.isOperator(request));
    void reply.status(report.status === 'not_ready' ? 503 : 200);
    return report;
  }
}
