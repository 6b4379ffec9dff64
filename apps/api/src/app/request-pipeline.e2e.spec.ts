import type { CallHandler, CanActivate, ExecutionContext, NestInterceptor } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import { startTestApp, type TestApp } from '../test-fixtures/test-app';

/** `METHOD /route` of the request a guard or an interceptor was given. */
function routeOf(context: ExecutionContext): string {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  return `${request.method} ${request.routeOptions.url ?? '?'}`;
}

/** A global guard a user could add: admits everything, remembers what it saw. */
class RecordingGuard implements CanActivate {
  readonly seen = new Set<string>();
  canActivate(context: ExecutionContext): boolean {
    this.seen.add(routeOf(context));
    return true;
  }
}

/** A global interceptor a user could add: passes through, remembers what it saw. */
class RecordingInterceptor implements NestInterceptor {
  readonly seen = new Set<string>();
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    this.seen.add(routeOf(context));
    return next.handle();
  }
}

/**
 * Every route Fastify serves, as `METHOD /path`, read from its own route tree
 * (`printRoutes`): each line is one node of the radix tree, its path the concatenation of the
 * labels from the root, its methods in parentheses when a route ends there.
 */
function servedRoutes(app: NestFastifyApplication): string[] {
  const tree = app.getHttpAdapter().getInstance().printRoutes();
  const prefixes: string[] = [];
  const routes: string[] = [];
  for (const line of tree.split('\n')) {
    const at = line.indexOf('── ');
    if (at < 0) continue;
    const depth = (at - 1) / 4;
    const m = /^(.*?)(?: \(([A-Z, ]+)\))?$/.exec(line.slice(at + 3));
    const path = (prefixes[depth - 1] ?? '') + (m?.[1] ?? '');
    prefixes[depth] = path;
    prefixes.length = depth + 1;
    for (const method of m?.[2]?.split(', ') ?? []) routes.push(`${method} ${path}`);
  }
  return routes;
}

/** Swagger UI and the documents, mounted on Fastify by Nest's Swagger module itself. */
const isSwaggerRoute = (path: string): boolean =>
  path === '/docs' || path.startsWith('/docs/') || /^\/openapi\.(json|yaml)$/.test(path);

describe('the request pipeline of every route', () => {
  const guard = new RecordingGuard();
  const interceptor = new RecordingInterceptor();
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(
      {},
      {
        // The documented way to extend a Nest service: global enhancers on the app.
        beforeListen: (app) => {
          app.useGlobalGuards(guard);
          app.useGlobalInterceptors(interceptor);
        },
      },
    );
  });

  afterAll(async () => {
    await t.close();
  });

  it('runs an added global guard and interceptor on every route, /v1/answer included', async () => {
    const routes = servedRoutes(t.app).filter((r) => !isSwaggerRoute(r.split(' ')[1] ?? ''));
    // The tree was read (not an empty list that would prove nothing).
    expect(routes).toEqual(
      expect.arrayContaining(['POST /v1/answer', 'GET /healthz', 'GET /v1/programs/active']),
    );
    const failed: string[] = [];
    for (const route of routes) {
      const [method = 'GET', path = '/'] = route.split(' ');
      const body =
        method === 'GET' || method === 'HEAD'
          ? undefined
          : JSON.stringify(path === '/v1/answer' ? { question: 'security deposit' } : {});
      const res = await fetch(`${t.base}${path.replace(/:[^/]+|\*/g, 'x')}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body,
      });
      await res.arrayBuffer();
      if (res.status >= 500) failed.push(`${route}: ${res.status}`);
    }
    expect(failed).toEqual([]);
    expect(routes.filter((r) => !guard.seen.has(r))).toEqual([]);
    expect(routes.filter((r) => !interceptor.seen.has(r))).toEqual([]);
  });
});
