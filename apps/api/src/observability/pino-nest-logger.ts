import type { LoggerService } from '@nestjs/common';
import type { Logger } from 'pino';

function text(message: unknown): string {
  if (typeof message === 'string') return message;
  if (message instanceof Error) return message.message;
  try {
    return JSON.stringify(message);
  } catch {
    return String(message);
  }
}

/** Routes Nest's internal log calls into the scrubbed pino logger. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  private context(params: unknown[]): { context?: string } {
    const last = params[params.length - 1];
    return typeof last === 'string' ? { context: last } : {};
  }

  log(message: unknown, ...params: unknown[]): void {
    this.logger.info(this.context(params), text(message));
  }
  error(message: unknown, ...params: unknown[]): void {
    // Nest passes a stack as the 2nd argument: logged only as the error's presence.
    this.logger.error(this.context(params), text(message));
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.logger.warn(this.context(params), text(message));
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.logger.debug(this.context(params), text(message));
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.logger.trace(this.context(params), text(message));
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.logger.fatal(this.context(params), text(message));
  }
}
