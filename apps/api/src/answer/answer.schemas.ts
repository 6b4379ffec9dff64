import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import {
  answerTimingsSchema,
  citationSchema,
  pipelineKindSchema,
  verificationSchema,
} from '@cited/dspy-pipeline';

/** Limits of the answer request (configurable: `CITED_MAX_QUESTION_CHARS`, `CITED_MAX_TOP_K`). */
export interface AnswerLimits {
  maxQuestionChars: number;
  maxTopK: number;
}

/**
 * One character a reader can see. Characters outside the Basic Multilingual Plane (tag
 * characters) are not listed: JS and Python regexes see them as two units and one.
 */
export const VISIBLE_CHARACTER =
  // eslint-disable-next-line no-control-regex, no-misleading-character-class -- controls and invisible combining marks are what the class lists, one code unit each
  /[^\u0000-\u0020\u007F-\u00A0\u00AD\u034F\u061C\u115F\u1160\u1680\u17B4\u17B5\u180B-\u180F\u2000-\u200F\u2028-\u202F\u205F-\u206F\u2800\u3000\u3164\uFE00-\uFE0F\uFEFF\uFFA0\uFFF0-\uFFFB]/;

/** Tenant ids: the same shape as in `CITED_API_KEYS`. */
export const tenantIdSchema = z
  .string()
  // ASCII spelled out: `\w` is Unicode-aware in other regex dialects (OpenAPI tools).
  .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1-64 characters of letters, digits, _ . -');

/** `POST /v1/answer` body, with the configured limits. */
export function answerRequestSchema(limits: AnswerLimits) {
  return z.strictObject({
    question: z
      .string()
      .max(limits.maxQuestionChars, `must be at most ${limits.maxQuestionChars} characters`)
      // A regex, not a refine: it is published as the OpenAPI `pattern` (clients and fuzzers see
      // the rule). An explicit class, because JS and Python disagree on `\s` (U+FEFF, U+001C):
      // controls, spaces and characters that render as nothing (soft hyphen, zero-width
      // spaces and joiners, bidi marks, fillers, variation selectors, BOM) do not count.
      .regex(VISIBLE_CHARACTER, 'must not be empty or only invisible characters')
      .describe('The question, in natural language'),
    tenantId: tenantIdSchema
      .optional()
      .describe('Tenant whose documents are searched; with API keys it must match the key'),
    topK: z
      .number()
      .int()
      .min(1)
      .max(limits.maxTopK)
      .optional()
      .describe('How many passages to retrieve'),
    pipeline: pipelineKindSchema
      .optional()
      .describe('Pipeline override; honoured only when CITED_ALLOW_PIPELINE_OVERRIDE=true'),
  });
}

/** The request schema with the default limits (OpenAPI is patched with the configured ones). */
export const defaultAnswerRequestSchema = answerRequestSchema({
  maxQuestionChars: 2000,
  maxTopK: 20,
});

/** A validated answer request. */
export type AnswerRequest = z.infer<typeof defaultAnswerRequestSchema>;

/** Swagger DTO of the request body. */
export class AnswerRequestDto extends createZodDto(defaultAnswerRequestSchema) {}

/** Which program answered. */
export const programRefSchema = z.object({
  name: z.string(),
  id: z.string(),
  version: z
    .string()
    .nullable()
    .describe('Registry model version; null when not from the registry'),
  source: z.enum(['file', 'registry', 'cache', 'default']),
});

/** `POST /v1/answer` response. */
export const answerResponseSchema = z.object({
  answer: z.string(),
  abstained: z.boolean(),
  citations: z.array(citationSchema),
  verification: verificationSchema,
  pipeline: pipelineKindSchema,
  program: programRefSchema,
  degraded: z
    .boolean()
    .describe('True when the fallback pipeline answered instead of the chosen one'),
  degradedReason: z.enum(['kill_switch', 'rollback', 'unavailable', 'upstream_error']).optional(),
  pipelineOverride: z
    .object({
      requested: pipelineKindSchema,
      honoured: z.boolean(),
    })
    .optional()
    .describe(
      'Present when the request named a pipeline: honoured only with CITED_ALLOW_PIPELINE_OVERRIDE=true; when not, the response also carries a `Warning: 299` header',
    ),
  requestId: z.string(),
  timings: answerTimingsSchema,
});

/** An answer response. */
export type AnswerResponse = z.infer<typeof answerResponseSchema>;

/** Swagger DTO of the response body. */
export class AnswerResponseDto extends createZodDto(answerResponseSchema) {}
