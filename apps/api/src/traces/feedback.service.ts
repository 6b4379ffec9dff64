import { randomBytes } from 'node:crypto';
import { MlflowClientError, mlflowTraceId } from '@cited/mlflow-client';
import { ApiError } from '../errors/api-error';
import type { AnswerTraces } from './answer-traces';
import type { FeedbackRequest, FeedbackResponse } from './feedback.schemas';
import type { TraceScrubbers } from './trace-scrubbers';

/** Name of the assessment a person's rating becomes on the trace. */
export const USER_RATING = 'user_rating';
/** How long feedback waits for its own trace to leave the queue. */
const FLUSH_WAIT_MS = 5_000;

function unavailable(cause: unknown): ApiError {
  return new ApiError('upstream_unavailable', 'MLflow is unreachable; retry the feedback later.', {
    retryAfterSeconds: 10,
    cause,
  });
}

function isOutage(error: unknown): boolean {
  return (
    MlflowClientError.isInstance(error) &&
    (error.code === 'network_error' ||
      error.code === 'timeout' ||
      (error.status !== undefined && error.status >= 500))
  );
}

/**
 * `POST /v1/feedback`: a person's rating of an answer, logged on the answer's trace as an
 * assessment with a human source. Only the tenant that asked may rate it: a trace of another
 * tenant, of another experiment or that does not exist is the same 404 (as is any trace while
 * answer tracing is off).
 */
export class FeedbackService {
  constructor(
    private readonly traces: AnswerTraces,
    private readonly scrubbers: TraceScrubbers,
  ) {}

  async submit(body: FeedbackRequest, tenantId: string): Promise<FeedbackResponse> {
    const traceId = body.traceId.startsWith('tr-') ? body.traceId : mlflowTraceId(body.traceId);
    const notFound = new ApiError(
      'not_found',
      'No answer trace of your tenant has this traceId (the X-Trace-Id header of an answer).',
      { field: 'traceId' },
    );
    // With tracing off this API hands out no trace ids: nothing to rate, and no MLflow call.
    if (!this.traces.enabled) throw notFound;
    if (this.traces.pending(traceId)) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        this.traces.flush(),
        new Promise<void>((r) => (timer = setTimeout(r, FLUSH_WAIT_MS).unref())),
      ]);
      clearTimeout(timer);
    }
    let experimentId: string;
    let info;
    try {
      experimentId = await this.traces.experiment();
      info = await this.traces.mlflow.traces.getInfo(traceId);
    } catch (error) {
      if (MlflowClientError.isInstance(error) && error.code === 'not_found') throw notFound;
      if (isOutage(error)) throw unavailable(error);
      throw error;
    }
    if (
      info.traceLocation.mlflowExperiment?.experimentId !== experimentId ||
      info.tags['cited.kind'] !== 'api' ||
      info.tags['cited.tenant'] !== tenantId
    )
      throw notFound;
    const assessmentId = `a-${randomBytes(16).toString('hex')}`;
    try {
      await this.traces.mlflow.traces.logAssessment(traceId, {
        kind: 'feedback',
        assessmentId,
        name: USER_RATING,
        value: body.rating === 'up',
        ...(body.comment === undefined ? {} : { rationale: this.scrubbers.text(body.comment) }),
        source: { type: 'HUMAN', id: tenantId },
      });
    } catch (error) {
      if (isOutage(error)) throw unavailable(error);
      throw error;
    }
    return { traceId, assessmentId };
  }
}
