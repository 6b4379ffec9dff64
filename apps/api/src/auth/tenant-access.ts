import type { FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_TENANT } from '@cited/dspy-pipeline';
import type { ApiServerConfig } from '../config/api-config';
import { ApiError } from '../errors/api-error';
import type { ApiMetrics } from '../observability/api-metrics';
import { TokenBucketLimiter } from '../rate-limit/token-bucket';
import { requestState } from '../request/request-state';
import { ApiKeyVerifier, presentedApiKey } from './api-key-verifier';
import { KeyAttemptLimiter } from './key-attempt-limiter';

function bodyTenant(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object' || !('tenantId' in body)) return undefined;
  const t = body.tenantId;
  return typeof t === 'string' && t !== '' ? t : undefined;
}

/**
 * The access rules of every protected request: API key → tenant (401 without a valid key, 403
 * when the body names another tenant; 429 for a client address past 20 invalid keys a minute),
 * then the tenant's token bucket (429 with Retry-After).
 * In local mode (no key configured) the tenant is the body's `tenantId` or `default`.
 * One instance per app (its token buckets are the app's), used by `AccessGuard`.
 */
export class TenantAccess {
  private readonly verifier: ApiKeyVerifier;
  private readonly limiter: TokenBucketLimiter;
  private readonly attempts = new KeyAttemptLimiter();
  private readonly adminTenants: readonly string[];

  constructor(
    server: Pick<ApiServerConfig, 'apiKeys' | 'rateLimitRpm' | 'rateLimitBurst' | 'adminTenants'>,
    private readonly metrics: ApiMetrics,
  ) {
    this.adminTenants = server.adminTenants;
    this.verifier = new ApiKeyVerifier(server.apiKeys);
    this.limiter = new TokenBucketLimiter(
      server.rateLimitRpm,
      server.rateLimitBurst ?? Math.max(1, Math.ceil(server.rateLimitRpm / 10)),
    );
  }

  /**
   * Admits `request` (its body already parsed): records the tenant in its request state and
   * sets `x-ratelimit-remaining` on `reply`.
   * @throws ApiError `unauthorized`, `forbidden` or `rate_limited` when it is refused.
   */
  admit(request: FastifyRequest, reply: FastifyReply): void {
    const state = requestState(request);
    const claimed = bodyTenant(request.body);

    let tenantId: string;
    if (this.verifier.localMode) {
      tenantId = claimed ?? DEFAULT_TENANT;
    } else {
      const key = presentedApiKey(request.headers);
      const keyTenant = this.checkKey(request, key);
      if (keyTenant === undefined) {
        this.metrics.authFailures.inc({ outcome: 'refused' });
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
  }

  /**
   * The tenant of the presented key, or undefined (no key, or a wrong one: counted against
   * the client address). An address past its failed attempts gets 429 whatever it presents.
   * @throws ApiError `rate_limited` while the client address is blocked.
   */
  private checkKey(request: FastifyRequest, key: string | undefined): string | undefined {
    if (key === undefined) return undefined;
    const blocked = this.attempts.blockedFor(request.ip);
    if (blocked > 0) {
      this.metrics.authFailures.inc({ outcome: 'limited' });
      throw new ApiError(
        'rate_limited',
        `Too many invalid API keys from this address; retry after ${blocked} s.`,
        { retryAfterSeconds: blocked },
      );
    }
    const tenant = this.verifier.tenantOf(key);
    if (tenant === undefined) this.attempts.recordFailure(request.ip);
    return tenant;
  }

  /**
   * Whether `request` (on a public route such as `/readyz`) may see operator details: in
   * local mode always; otherwise with a key of a tenant in `CITED_ADMIN_TENANTS`. Never
   * throws: a wrong key counts as a failed attempt and sees what the public sees.
   */
  isOperator(request: FastifyRequest): boolean {
    if (this.verifier.localMode) return true;
    let tenant: string | undefined;
    try {
      tenant = this.checkKey(request, presentedApiKey(request.headers));
    } catch {
      return false;
    }
    return tenant !== undefined && this.adminTenants.includes(tenant);
  }
}
