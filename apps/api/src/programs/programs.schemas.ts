import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { pipelineKindSchema, programCheckSchema } from '@cited/dspy-pipeline';

const checkSchema = programCheckSchema;

const sourceSchema = z.enum(['file', 'registry', 'cache', 'default']);

const servingSchema = z.object({
  pipeline: pipelineKindSchema,
  available: z.boolean(),
  program: z
    .object({
      name: z.string(),
      id: z.string(),
      version: z.string().nullable(),
      source: sourceSchema,
      location: z.string(),
      loadedAt: z.string(),
      validation: z.object({
        ok: z.boolean(),
        validatedAt: z.string(),
        checks: z.array(checkSchema),
      }),
    })
    .nullable(),
});

/** `GET /v1/programs/active` response. */
export const activeProgramsSchema = z.object({
  primary: z.object({ pipeline: pipelineKindSchema, id: z.string(), source: sourceSchema }),
  pipelines: z.array(servingSchema),
  fallbackPipeline: pipelineKindSchema,
  /** The kill switch in force for everyone, as answers read it (env or flags file). */
  killSwitch: z.boolean(),
  killSwitchSource: z.enum(['env', 'flag']).nullable(),
  /** On for some tenants in the flags file; null when the flag provider cannot tell. */
  // A top-level nullable primitive reaches @nestjs/swagger as `type: ['boolean', 'null']`,
  // which it publishes as an array of booleans: state the OpenAPI 3.0 form explicitly.
  killSwitchTenants: z.boolean().nullable().meta({ type: 'boolean', nullable: true }),
  rollback: z.object({
    active: z.boolean(),
    since: z.string().nullable(),
    reason: z.string().nullable(),
    windowRequests: z.number(),
    windowBadRate: z.number(),
    recovery: z.enum(['auto', 'operator']),
    cooldownUntil: z.string().nullable(),
  }),
  registry: z.object({
    status: z.enum(['ok', 'unreachable', 'alias_not_found', 'disabled', 'not_checked']),
    location: z.string().nullable(),
    modelUri: z.string(),
    aliasVersion: z.string().nullable(),
    lastCheckedAt: z.string().nullable(),
    lastError: z.string().nullable(),
  }),
  cached: z
    .object({
      path: z.string(),
      version: z.string(),
      programId: z.string(),
      validatedAt: z.string(),
    })
    .nullable()
    .describe('The last validated registry program on disk'),
  refused: z.array(
    z.object({
      source: sourceSchema,
      location: z.string(),
      version: z.string().nullable(),
      at: z.string(),
      reason: z.string(),
      checks: z.array(checkSchema),
    }),
  ),
});

/** Swagger DTO of the active programs report. */
export class ActiveProgramsDto extends createZodDto(activeProgramsSchema) {}

/** Response of operator actions. */
export const operatorActionSchema = z.object({
  ok: z.boolean(),
  changed: z.boolean(),
  detail: z.string(),
});

/** Swagger DTO of an operator action result. */
export class OperatorActionDto extends createZodDto(operatorActionSchema) {}
