import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { MlflowClientError, type MlflowClientErrorCode } from '../errors/mlflow-client-error';

/** MLflow's JSON error body. */
export const mlflowErrorBodySchema = z.object({
  error_code: z.string().optional(),
  message: z.string().optional(),
});
/** MLflow's JSON error body. */
export type MlflowErrorBody = z.infer<typeof mlflowErrorBodySchema>;

/** Reads a response body up to `limit` bytes (the rest is drained and dropped). */
export async function readBody(res: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res as AsyncIterable<Buffer>) {
    if (size < limit) chunks.push(chunk.subarray(0, limit - size));
    size += chunk.length;
  }
  return Buffer.concat(chunks);
}

function codeFor(status: number, errorCode: string | undefined): MlflowClientErrorCode {
  if (errorCode === 'RESOURCE_DOES_NOT_EXIST' || status === 404) return 'not_found';
  if (errorCode === 'RESOURCE_ALREADY_EXISTS') return 'conflict';
  if (status === 401 || status === 403) return 'unauthorized';
  if (errorCode === 'INVALID_PARAMETER_VALUE' || errorCode === 'BAD_REQUEST')
    return 'invalid_argument';
  return 'http_error';
}

/**
 * Turns a non-2xx response into a typed error with status, MLflow `error_code` and the
 * server's message (truncated). The request body is never part of it.
 */
export async function errorFromResponse(
  res: IncomingMessage,
  endpoint: string,
): Promise<MlflowClientError> {
  const status = res.statusCode ?? 0;
  const text = (await readBody(res, 16 * 1024)).toString('utf8');
  let parsed: MlflowErrorBody = {};
  try {
    const r = mlflowErrorBodySchema.safeParse(JSON.parse(text));
    if (r.success) parsed = r.data;
  } catch {
    /* HTML or plain-text error page (proxy, gunicorn): keep the status only */
  }
  const serverMessage = (parsed.message ?? text.replace(/<[^>]+>/g, ' ').trim()).slice(0, 500);
  const fix =
    status === 401 || status === 403
      ? 'Check MLFLOW_TRACKING_TOKEN or MLFLOW_TRACKING_USERNAME/MLFLOW_TRACKING_PASSWORD.'
      : undefined;
  return new MlflowClientError(
    codeFor(status, parsed.error_code),
    `${endpoint} failed with HTTP ${status}${parsed.error_code ? ` ${parsed.error_code}` : ''}: ${serverMessage || '(no message)'}`,
    { status, errorCode: parsed.error_code, endpoint, fix },
  );
}
