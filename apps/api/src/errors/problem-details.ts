import { z } from 'zod';
import { API_ERROR_STATUS, type ApiErrorCode } from './api-error';

const codes = Object.keys(API_ERROR_STATUS) as [ApiErrorCode, ...ApiErrorCode[]];

/** RFC 9457 problem details, as every error response carries (`application/problem+json`). */
export const problemDetailsSchema = z
  .object({
    type: z.string().describe('URI reference naming the problem type'),
    title: z.string(),
    status: z.number().int().min(400).max(599),
    detail: z.string().describe('What was wrong and how to fix it; never a stack trace'),
    instance: z.string().describe('The request path'),
    code: z.enum(codes).describe('Machine-readable error code'),
    requestId: z.string(),
    field: z.string().optional().describe('The request field at fault (400)'),
    retryAfterSeconds: z.number().int().optional().describe('Also sent as Retry-After (429, 503)'),
  })
  .meta({ id: 'ProblemDetails' });

/** A problem+json body. */
export type ProblemDetails = z.infer<typeof problemDetailsSchema>;

/** Media type of error responses. */
export const PROBLEM_JSON = 'application/problem+json';

/** Stable `type` URI of a code (documented in the OpenAPI description). */
export function problemType(code: ApiErrorCode): string {
  return `urn:cited:problem:${code}`;
}
