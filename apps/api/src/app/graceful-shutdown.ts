import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { API_LOGGER } from '../observability/api-logger.token';
import { ShutdownState } from './shutdown-state';

/**
 * How long a keep-alive connection must have been idle before the drain ends it: a request
 * its client sent before the shutdown began has arrived by then.
 */
export const IDLE_GRACE_MS = 1000;
const SWEEP_MS = 50;

/**
 * Closes the app gracefully: readiness turns 503, the listener stops accepting, every request
 * already received is answered (with `Connection: close`), connections idle for
 * {@link IDLE_GRACE_MS} are ended, then the app shuts down. After `deadlineMs` the remaining
 * connections are cut.
 * @returns true when everything finished within the deadline.
 */
export async function closeGracefully(
  app: NestFastifyApplication,
  deadlineMs: number,
): Promise<boolean> {
  const logger = app.get<Logger>(API_LOGGER);
  const shutdown = app.get(ShutdownState);
  shutdown.closing = true;
  const server = app.getHttpServer();
  const drain = shutdown.connections;
  const deadline = Date.now() + deadlineMs;
  if (drain !== null) {
    drain.stopAccepting();
    while (drain.open > 0 && Date.now() < deadline) {
      drain.endIdle(IDLE_GRACE_MS);
      await new Promise((r) =>
        setTimeout(r, Math.min(SWEEP_MS, Math.max(1, deadline - Date.now()))),
      );
    }
  }
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()));
    timer.unref();
  });
  const closed = app.close().then(() => true as const);
  const inTime = (drain === null || drain.open === 0) && (await Promise.race([closed, late]));
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
