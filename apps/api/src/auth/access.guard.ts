import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_TENANT } from '@cited/dspy-pipeline';
import { API_CONFIG } from '../config/api-config.token';
import type { ApiConfig } from '../config/api-config';
import { ApiError } from '../errors/api-error';
import { ApiMetrics } from '../observability/api-metrics';
import { TokenBucketLimiter } from '../rate-limit/token-bucket';
import { requestState } from '../request/request-state';
import { ApiKeyVerifier, presentedApiKey } from './api-key-verifier';
import { IS_PUBLIC } from './public.decorator';

function bodyTenant(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object' || !('tenantId' in body)) return undefined;
  const t = body.tenantId;
  return typeof t === 'string' && t !== '' ? t : undefined;
}

/**
 * Every non-public route: API key → tenant (401 without a valid key, 403 when the body names
 * another tenant), then the tenant's token bucket (429 with Retry-After). In local mode (no
 * key configured) the tenant is the body's `tenantId` or `default`.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly verifier: ApiKeyVerifier;
  private readonly limiter: TokenBucketLimiter;

  constructor(
    private readonly reflector: Reflector,
    @Inject(API_CONFIG) config: ApiConfig,
    private readonly metrics: ApiMetrics,
  ) {
    const s = config.server;
    this.verifier = new ApiKeyVerifier(s.apiKeys);
    this.limiter = new TokenBucketLimiter(
      s.rateLimitRpm,
      s.rateLimitBurst ?? Math.max(1, Math.ceil(s.rateLimitRpm / 10)),
    );
  }

  canActivate(context: ExecutionContext): boolean {
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic === true) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const state = requestState(request);
    const claimed = bodyTenant(request.body);

    let tenantId: string;
    if (this.verifier.localMode) {
      tenantId = claimed ?? DEFAULT_TENANT;
    } else {
      const key = presentedApiKey(request.headers);
      const keyTenant = key === undefined ? undefined : this.verifier.tenantOf(key);
      if (keyTenant === undefined) {
        throw new ApiError(
          'unauthorized',
          key === undefined
            ? 'An API key is required: send "Authorization: Bearer <key>" or "X-API-Key: <key>".'
            : 'The API key is not valid. Ask the operator for a key (eval-runner api-key new).',
        );
      }
      if (claimed !== undefined && claimed !== keyTenant) {
        throw new ApiError('forbidden', 'tenantId does not match the tenant of the API key.', {
          field: 'tenantId',
        });
      }
      tenantId = keyTenant;
      state.keyTenantId = keyTenant;
    }
    state.tenantId = tenantId;

    const taken = this.limiter.take(tenantId);
    if (!taken.ok) {
      this.metrics.rateLimited.inc();
      throw new ApiError(
        'rate_limited',
        `Rate limit of this tenant exceeded; retry after ${taken.retryAfterSeconds} s.`,
        { retryAfterSeconds: taken.retryAfterSeconds },
      );
    }
    void reply.header('x-ratelimit-remaining', String(taken.remaining));
    return true;
  }
}
