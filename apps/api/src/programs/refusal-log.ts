import type { Logger } from 'pino';
import type { ApiMetrics } from '../observability/api-metrics';
import type { RefusedProgram } from './serving-program';

/** How many refusals are kept for reports; older ones only live in the logs. */
const KEPT_REFUSALS = 10;

/** Records refused programs: keeps the recent ones for reports, counts and logs each one. */
export class RefusalLog {
  private readonly refusals: RefusedProgram[] = [];

  constructor(
    private readonly logger: Logger,
    private readonly metrics: ApiMetrics,
  ) {}

  /** Records one refusal and returns it. */
  record(r: RefusedProgram): RefusedProgram {
    this.refusals.unshift(r);
    this.refusals.length = Math.min(this.refusals.length, KEPT_REFUSALS);
    this.metrics.programReloads.inc({ source: r.source, result: 'refused' });
    this.logger.error(
      {
        event: 'program_refused',
        source: r.source,
        location: r.location,
        version: r.version,
        reason: r.reason,
        checks: r.checks.map((c) => `${c.name}:${c.ok ? 'ok' : 'failed'}`),
      },
      'program refused; the previous program keeps serving',
    );
    return r;
  }

  /** Recent refusals, newest first. */
  recent(): readonly RefusedProgram[] {
    return this.refusals;
  }
}
