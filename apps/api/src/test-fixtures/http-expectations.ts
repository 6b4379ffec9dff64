import { API_ERROR_TITLE, type ApiErrorCode } from '../errors/api-error';
import type { TestApp } from './test-app';

/** Content type of error responses (Fastify adds the charset to string payloads). */
export const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';

/** The access log line of `requestId`. */
export function accessLog(t: TestApp, requestId: string): Record<string, unknown> | undefined {
  return t.logs.records().find((r) => r['event'] === 'request' && r['requestId'] === requestId);
}

/** The problem+json body every error of `POST /v1/answer` is answered with. */
export function answerProblem(
  code: ApiErrorCode,
  status: number,
  detail: string,
  requestId: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const type = `urn:cited:problem:${code}`;
  const title = API_ERROR_TITLE[code];
  return { type, title, status, detail, instance: '/v1/answer', code, requestId, ...extra };
}
