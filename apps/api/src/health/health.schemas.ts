import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

const componentStatus = z.enum(['ok', 'degraded', 'unavailable', 'disabled', 'not_configured']);

/** `GET /readyz` body. */
export const readinessSchema = z.object({
  status: z.enum(['ready', 'degraded', 'not_ready']),
  checks: z.object({
    index: z.object({
      status: componentStatus,
      chunks: z.number(),
      tenants: z.number(),
      origin: z.enum(['loaded', 'built', 'unavailable']),
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

/** A readiness report. */
export type Readiness = z.infer<typeof readinessSchema>;

/** Swagger DTO of the readiness report. */
export class ReadinessDto extends createZodDto(readinessSchema) {}

/** `GET /healthz` body. */
export const livenessSchema = z.object({ status: z.literal('ok') });

/** Swagger DTO of the liveness body. */
export class LivenessDto extends createZodDto(livenessSchema) {}
