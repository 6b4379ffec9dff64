import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/public.decorator';
import { ApiMetrics } from './api-metrics';

/** `GET /metrics`: Prometheus exposition format. */
@ApiTags('health')
@Public()
@Controller()
export class MetricsController {
  constructor(private readonly apiMetrics: ApiMetrics) {}

  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: 'Prometheus metrics' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format', schema: { type: 'string' } })
  async metrics(): Promise<string> {
    return this.apiMetrics.registry.metrics();
  }
}
