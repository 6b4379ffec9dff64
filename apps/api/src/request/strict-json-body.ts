import type { Server } from 'node:http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiError } from '../errors/api-error';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The only request body parser of the API: `application/json` in strict UTF-8. Replaces Nest's
 * defaults, which would also accept `application/x-www-form-urlencoded` (so a form post gets
 * 415 like any other non-JSON body) and silently turn invalid UTF-8 into U+FFFD. A declared
 * charset other than UTF-8 is refused (415) rather than misread. `__proto__` and
 * `constructor.prototype` keys are refused by Fastify's secure JSON parser (400).
 */
export function registerStrictJsonBody(app: NestFastifyApplication, bodyLimit: number): void {
  const fastify = app.getHttpAdapter().getInstance();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser<Server>('application/json', { bodyLimit }, (request, body, done) => {
    const type = request.headers['content-type'] ?? '';
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(type)?.[1]?.toLowerCase();
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
      done(
        new ApiError('unsupported_media_type', 'JSON bodies must be UTF-8 (charset=utf-8).'),
        undefined,
      );
      return;
    }
    let text: string;
    try {
      text = utf8.decode(body);
    } catch {
      done(
        new ApiError('invalid_json', 'The request body is not valid UTF-8.', { field: 'body' }),
        undefined,
      );
      return;
    }
    parseJson(request, text, done);
  });
}
