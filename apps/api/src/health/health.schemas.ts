import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

const componentStatus = z.enum(['ok', 'degraded', 'unavailable', 'disabled', 'not_configured']);

/** Why answers are degraded right now (empty when they are not). */
export const degradedReasonSchema = z.enum([
  'kill_switch',
  'rollback',
  'llm_failing',
  'llm_circuit_open',
  'program_refused',
  'registry_unreachable',
]);

const circuitStateSchema = z.enum(['closed', 'open', 'half_open']);

/** The circuit breaker of the LLM endpoint, as `/readyz` reports it to operators. */
export const circuitStatusSchema = z.object({
  endpoint: z.string(),
  state: circuitStateSchema,
  consecutiveFailures: z.number(),
  failureThreshold: z.number(),
  cooldownMs: z.number(),
  openedAt: z.string().nullable(),
  probeAt: z.string().nullable(),
  transitions: z.array(
    z.object({
      from: circuitStateSchema,
      to: circuitStateSchema,
      at: z.string(),
      reason: z.string(),
    }),
  ),
});

/** The component checks of `/readyz`: for operators (an admin key, or local mode). */
export const readinessDetailsSchema = z.object({
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
    /** null without an LLM. */
    circuit: circuitStatusSchema.nullable(),
  }),
  routing: z.object({
    status: componentStatus,
    /** The kill switch is on for everyone (`CITED_KILL_SWITCH` or the flags file). */
    killSwitch: z.boolean(),
    killSwitchSource: z.enum(['env', 'flag']).nullable(),
    /** On for some tenants in the flags file; null when the flag provider cannot tell. */
    killSwitchTenants: z.boolean().nullable(),
    rollbackActive: z.boolean(),
  }),
});

/** `GET /readyz` body. */
export const readinessSchema = z.object({
  /** `degraded` only when answers are: see `reasons`. A component may be down without it. */
  status: z.enum(['ready', 'degraded', 'not_ready']),
  reasons: z.array(degradedReasonSchema),
  checks: readinessDetailsSchema
    .optional()
    .describe('Component details: only with an admin key (or in local mode)'),
});

/** A reason for `status: degraded`. */
export type DegradedReason = z.infer<typeof degradedReasonSchema>;

/** A readiness report. */
export type Readiness = z.infer<typeof readinessSchema>;

/** The component checks of a readiness report. */
export type ReadinessDetails = z.infer<typeof readinessDetailsSchema>;

/** Swagger DTO of the readiness report. */
export class ReadinessDto extends createZodDto(readinessSchema) {}

/** `GET /healthz` body. */
export const livenessSchema = z.object({ status: z.literal('ok') });

/** Swagger DTO of the liveness body. */
export class LivenessDto extends createZodDto(livenessSchema) {}
