import { Controller, Get } from '@nestjs/common';

/** Liveness: the process is up and serving HTTP. */
@Controller()
export class HealthController {
  @Get('healthz')
  healthz(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
