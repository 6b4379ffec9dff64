import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { API_ERROR_TITLE, type ApiErrorCode } from '../errors/api-error';
import { PROBLEM_JSON } from '../errors/problem-details';

const DESCRIPTION: Record<number, string> = {
  400: 'Invalid request: the problem names the field (`field`).',
  401: 'Missing or invalid API key.',
  403: 'The body names another tenant than the API key.',
  404: 'Not found.',
  413: 'The body exceeds the configured limit (default 16 KB).',
  415: 'The body is not application/json.',
  429: 'Rate limit of the tenant exceeded; see the Retry-After header.',
  500: 'Unexpected error (no details are disclosed).',
  503: 'Unavailable: no pipeline can answer, or the LLM is unavailable.',
  504: 'The LLM did not answer in time and no fallback could.',
};

/** Reference of the problem+json component (added to the document in `setupOpenApi`). */
export const PROBLEM_REF = { $ref: '#/components/schemas/ProblemDetails' } as const;

/** Documents problem+json responses for `statuses`. */
export function ApiProblems(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTION[status] ?? API_ERROR_TITLE['internal' as ApiErrorCode],
        content: { [PROBLEM_JSON]: { schema: PROBLEM_REF } },
        headers:
          status === 429 || status === 503
            ? {
                'Retry-After': {
                  description: 'Seconds to wait before retrying',
                  schema: { type: 'integer' },
                },
              }
            : undefined,
      }),
    ),
  );
}
