import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { tenantIdSchema } from '../answer/answer.schemas';

/** Longest feedback comment accepted. */
export const MAX_FEEDBACK_COMMENT_CHARS = 2000;

/** `POST /v1/feedback` body. */
export const feedbackRequestSchema = z.strictObject({
  traceId: z
    .string()
    .regex(/^(tr-)?[0-9a-f]{32}$/, 'must be the X-Trace-Id of an answer (tr- and 32 hex digits)')
    .describe('The `X-Trace-Id` header of the answer'),
  rating: z.enum(['up', 'down']).describe('Was the answer good (up) or not (down)?'),
  comment: z
    .string()
    .max(MAX_FEEDBACK_COMMENT_CHARS, `must be at most ${MAX_FEEDBACK_COMMENT_CHARS} characters`)
    .optional()
    .describe('Why; stored scrubbed of personal data'),
  tenantId: tenantIdSchema
    .optional()
    .describe('Tenant of the answer; with API keys it must match the key'),
});

/** A validated feedback request. */
export type FeedbackRequest = z.infer<typeof feedbackRequestSchema>;

/** Swagger DTO of the request body. */
export class FeedbackRequestDto extends createZodDto(feedbackRequestSchema) {}

/** `POST /v1/feedback` response (202). */
export const feedbackResponseSchema = z.object({
  traceId: z.string(),
  assessmentId: z.string(),
});

/** A feedback response. */
export type FeedbackResponse = z.infer<typeof feedbackResponseSchema>;

/** Swagger DTO of the response body. */
export class FeedbackResponseDto extends createZodDto(feedbackResponseSchema) {}
