import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

const componentStatus = z.enum(['ok', 'degraded', 'unavailable', 'disabled', 'not_configured']);

/** Why answers are degraded right now (empty when they are not). */
export const degradedReasonSchema = z.enum([
  'kill_switch',
  'rollback',
  'llm_failing',
  'program_refused',
  'registry_unreachable',
]);

/** `GET /readyz` body. */
export const readinessSchema = z.object({
  /** `degraded` only when answers are: see `reasons`. A component may be down without it. */
  status: z.enum(['ready', 'degraded', 'not_ready']),
  reasons: z.array(degradedReasonSchema),
  checks: z.object({
    index: z.object({
      status: componentStatus,
      backend: z.enum(['embedded', 'qdrant']),
      chunks: z.number(),
      tenants: z.number().nullable(),
      origin: z.enum(['loaded', 'built', 'remote', 'unavailable']),
      location: z.string(),
      message: z.string().optional(),
    }),
    program: z.object({
      status: componentStatus,
      id: z.string().nullable(),
      pipeline: z.string().nullable(),
      source: z.string().nullable(),
      version: z.string().nullable(),
      lastRefusal: z.string().nullable(),
    }),
    mlflow: z.object({
      status: componentStatus,
      /** True when the serving program came from the registry: an outage then leaves it stale. */
      needed: z.boolean(),
      registry: z.string(),
      location: z.string().nullable(),
      lastCheckedAt: z.string().nullable(),
      lastError: z.string().nullable(),
    }),
    llm: z.object({
      status: componentStatus,
      models: z.array(z.string()),
      lastError: z.string().nullable(),
    }),
    routing: z.object({
      status: componentStatus,
      killSwitch: z.boolean(),
      rollbackActive: z.boolean(),
    }),
  }),
});

/** A reason for `status: degraded`. */
export type DegradedReason = z.infer<typeof degradedReasonSchema>;

/** A readiness report. */
export type Readiness = z.infer<typeof readinessSchema>;

/** Swagger DTO of the readiness report. */
export class ReadinessDto extends createZodDto(readinessSchema) {}

/** `GET /healthz` body. */
export const livenessSchema = z.object({ status: z.literal('ok') });

/** Swagger DTO of the liveness body. */
export class LivenessDto extends createZodDto(livenessSchema) {}
