import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { API_RUNTIME, type ApiRuntime } from '../app/api-runtime';
import { Public } from '../auth/public.decorator';

/** `GET /metrics`: Prometheus exposition format. */
@ApiTags('health')
@Public()
@Controller()
export class MetricsController {
  constructor(@Inject(API_RUNTIME) private readonly runtime: ApiRuntime) {}

  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: 'Prometheus metrics' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format', schema: { type: 'string' } })
  async metrics(): Promise<string> {
    return this.runtime.metrics.registry.metrics();
  }
}
