import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { API_LOGGER } from '../observability/api-logger.token';
import { ShutdownState } from './shutdown-state';

/**
 * Closes the app gracefully: readiness turns 503, the listener stops accepting, in-flight
 * requests finish; after `deadlineMs` the remaining connections are cut.
 * @returns true when everything finished within the deadline.
 */
export async function closeGracefully(
  app: NestFastifyApplication,
  deadlineMs: number,
): Promise<boolean> {
  const logger = app.get<Logger>(API_LOGGER);
  app.get(ShutdownState).closing = true;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), deadlineMs);
    timer.unref();
  });
  // Keep-alive sockets of finished requests would hold the close open until their timeout.
  const server = app.getHttpServer();
  const idle = setInterval(() => server.closeIdleConnections(), 50);
  idle.unref();
  const closed = app
    .close()
    .then(() => true as const)
    .finally(() => clearInterval(idle));
  const inTime = await Promise.race([closed, deadline]);
  clearTimeout(timer);
  if (!inTime) {
    logger.warn(
      { event: 'shutdown_deadline', deadlineMs },
      'in-flight requests did not finish before the shutdown deadline; closing their connections',
    );
    server.closeAllConnections();
    await closed.catch(() => undefined);
  }
  return inTime;
}

/** Installs SIGTERM/SIGINT handlers that close gracefully, then exit. */
export function installShutdownHandlers(app: NestFastifyApplication, deadlineMs: number): void {
  const logger = app.get<Logger>(API_LOGGER);
  let closing = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (closing) return;
    closing = true;
    logger.info({ event: 'shutdown', signal, deadlineMs }, 'shutting down: no new connections');
    void closeGracefully(app, deadlineMs).then(
      (inTime) => {
        logger.info({ event: 'shutdown_complete', inTime }, 'shutdown complete');
        logger.flush();
        process.exit(inTime ? 0 : 1);
      },
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}
