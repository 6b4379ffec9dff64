import pino, { type DestinationStream, type Logger } from 'pino';
import { scrubLogValue, type TextScrubber } from './log-scrubber';

let lastMs = Number.NaN;
let lastTime = '';

/** pino's `isoTime`, formatted once per millisecond (several lines share one under load). */
function isoTimeCached(): string {
  const now = Date.now();
  if (now !== lastMs) {
    lastMs = now;
    lastTime = `,"time":"${new Date(now).toISOString()}"`;
  }
  return lastTime;
}

/**
 * Asynchronous, buffered stdout: the request path never blocks on a slow log consumer, and
 * lines are written in batches of ≥ 4 kB (one syscall instead of one per line), at the latest
 * after {@link FLUSH_EVERY_MS}. pino flushes the buffer synchronously on process exit
 * (graceful shutdown, fatal errors); only a SIGKILL can lose the last second of lines.
 */
function bufferedStdout(): DestinationStream {
  const dest = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  const timer = setInterval(() => {
    try {
      dest.flush();
    } catch {
      // Destroyed (shutting down): the exit handler has written what was buffered.
    }
  }, FLUSH_EVERY_MS);
  timer.unref();
  dest.once('close', () => clearInterval(timer));
  return dest;
}

const FLUSH_EVERY_MS = 1000;

/** Options of {@link createApiLogger}. */
export interface ApiLoggerOptions {
  level: string;
  scrub: TextScrubber;
  /** Where JSON lines go; default stdout. Tests pass a stream to read them back. */
  destination?: DestinationStream;
}

/**
 * The API's one pino logger: JSON lines, every string (message and fields) scrubbed, secret
 * headers dropped. Nest's own messages are routed here too (see `PinoNestLogger`).
 */
export function createApiLogger(options: ApiLoggerOptions): Logger {
  const { scrub } = options;
  return pino(
    {
      level: options.level,
      base: { service: 'cited-api' },
      timestamp: isoTimeCached,
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers["x-api-key"]',
          'headers.authorization',
          'headers["x-api-key"]',
        ],
        remove: true,
      },
      formatters: {
        level: (label) => ({ level: label }),
        log: (obj) => scrubLogValue(obj, scrub) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          for (let i = 0; i < args.length; i++) {
            const a: unknown = args[i];
            if (typeof a === 'string') (args as unknown[])[i] = scrub(a);
          }
          method.apply(this, args);
        },
      },
    },
    options.destination ?? bufferedStdout(),
  );
}
