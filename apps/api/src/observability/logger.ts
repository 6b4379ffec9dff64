import pino, { type DestinationStream, type Logger } from 'pino';
import { scrubLogValue, type TextScrubber } from './log-scrubber';

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
      timestamp: pino.stdTimeFunctions.isoTime,
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
          const scrubbed = args.map((a) => (typeof a === 'string' ? scrub(a) : a));
          method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
