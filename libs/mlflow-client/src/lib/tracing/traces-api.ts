import { readBody } from '../http/http-error';
import { MlflowClientError } from '../errors/mlflow-client-error';
import type { SpecCaller } from '../endpoints/spec-caller';
import {
  traceEndpoints as T,
  type AssessmentWire,
  type TraceInfoWire,
} from '../endpoints/trace-endpoints';
import { PACKAGE_VERSION } from '../package-version';
import { mapLimit } from '../util/map-limit';
import { OTLP_EXPERIMENT_HEADER, OTLP_RUN_HEADER, OTLP_TRACES_PATH } from './otlp-json';
import { OTLP_PROTOBUF_CONTENT_TYPE, encodeOtlpProtobuf } from './otlp-protobuf';
import { assessmentWire, traceInfoRequest } from './trace-info-request';
import {
  assessmentRecordSchema,
  mlflowTraceId,
  traceRecordSchema,
  type AssessmentRecord,
  type TraceRecord,
  type TraceRecordInput,
} from './trace-record';

/** Where traces go: an experiment, and optionally the run they belong to. */
export interface TraceTarget {
  experimentId: string;
  /** Links the traces to this run: its Traces tab lists them, `search_traces(run_id=…)` finds them. */
  runId?: string | undefined;
}

/** Options of {@link TracesApi.logValidated}. */
export interface LogTracesOptions {
  /** StartTraceV3 requests in flight (default 2: MLflow's SQLite pool is small). */
  concurrency?: number;
}

/** Root spans MLflow links to a run per OTLP request (`MAX_TRACE_LINKS_PER_REQUEST`). */
const MAX_LINKED_ROOTS = 100;
const SCOPE = { name: '@cited/mlflow-client', version: PACKAGE_VERSION };

function needsTraceInfo(trace: TraceRecord): boolean {
  return trace.assessments.length > 0 || Object.keys(trace.metadata).length > 0;
}

/** `tr-…` as MLflow names it, from either form. */
function asMlflowId(traceId: string): string {
  return traceId.startsWith('tr-') ? traceId : mlflowTraceId(traceId);
}

/**
 * Traces of MLflow 3. Spans go through MLflow's OTLP/HTTP endpoint (`/v1/traces`, OTLP
 * protobuf, many traces per request): the server's native ingestion path and its cheapest one. A trace
 * with assessments or metadata is created first with one StartTraceV3 request carrying all of
 * them (MLflow has no batch assessment endpoint; one request per trace is the floor). Its tags
 * go with that request; a trace without trace info carries its tags on its root span. The run
 * link is the trace's `mlflow.sourceRun` metadata, or the OTLP `x-mlflow-run-id` header for
 * traces without trace info.
 */
export class TracesApi {
  constructor(private readonly c: SpecCaller) {}

  /**
   * Validates and writes traces (see the class comment).
   * @throws MlflowClientError `invalid_argument` for a malformed trace (nothing is sent).
   */
  async log(
    target: TraceTarget,
    traces: readonly TraceRecordInput[],
    options: LogTracesOptions = {},
  ): Promise<void> {
    const valid = traces.map((t, i) => {
      const r = traceRecordSchema.safeParse(t);
      if (r.success) return r.data;
      const issue = r.error.issues[0];
      throw new MlflowClientError(
        'invalid_argument',
        `trace ${i}: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}.`,
        { where: `traces[${i}]` },
      );
    });
    await this.logValidated(target, valid, options);
  }

  /** Writes traces already validated by {@link traceRecordSchema} (the exporters' path). */
  async logValidated(
    target: TraceTarget,
    traces: readonly TraceRecord[],
    options: LogTracesOptions = {},
  ): Promise<void> {
    await this.startValidated(target, traces, options);
    await this.spansValidated(target, traces);
  }

  /**
   * The first half of {@link logValidated}: the StartTraceV3 request of each trace that has
   * assessments or metadata. Call {@link spansValidated} for the same traces once it resolved.
   */
  async startValidated(
    target: TraceTarget,
    traces: readonly TraceRecord[],
    options: LogTracesOptions = {},
  ): Promise<void> {
    const withInfo = traces.filter(needsTraceInfo);
    await mapLimit(withInfo, options.concurrency ?? 2, (t) =>
      this.c.call(T.start, traceInfoRequest(t, target)),
    );
  }

  /** The second half of {@link logValidated}: the spans, over OTLP. */
  async spansValidated(target: TraceTarget, traces: readonly TraceRecord[]): Promise<void> {
    for (let i = 0; i < traces.length; i += MAX_LINKED_ROOTS)
      await this.exportSpans(target, traces.slice(i, i + MAX_LINKED_ROOTS));
  }

  /** The info of a trace (tags, metadata, state, assessments); `not_found` when missing. */
  async getInfo(traceId: string): Promise<TraceInfoWire> {
    return (await this.c.call(T.getInfo, { traceId: asMlflowId(traceId) })).trace.traceInfo;
  }

  /**
   * Adds one assessment (e.g. a person's feedback) to an existing trace.
   * @throws MlflowClientError `invalid_argument` for a malformed assessment, `not_found` when
   * the trace does not exist.
   */
  async logAssessment(
    traceId: string,
    assessment: AssessmentRecord,
    runId?: string,
  ): Promise<AssessmentWire> {
    const parsed = assessmentRecordSchema.safeParse(assessment);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new MlflowClientError(
        'invalid_argument',
        `assessment.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}.`,
        { where: 'assessment' },
      );
    }
    const id = asMlflowId(traceId);
    const wire = assessmentWire(id.slice(3), parsed.data, runId);
    return (
      await this.c.call(T.createAssessment, { traceId: id, assessment: { ...wire, traceId: id } })
    ).assessment;
  }

  private async exportSpans(target: TraceTarget, traces: readonly TraceRecord[]): Promise<void> {
    const linkByHeader = target.runId !== undefined && traces.some((t) => !needsTraceInfo(t));
    const endpoint = `POST ${OTLP_TRACES_PATH}`;
    let res;
    try {
      res = await this.c.transport.send({
        method: 'POST',
        path: OTLP_TRACES_PATH,
        // Tags of a trace with trace info went with its StartTraceV3 request.
        body: encodeOtlpProtobuf(traces, SCOPE, (t) => !needsTraceInfo(t)),
        contentType: OTLP_PROTOBUF_CONTENT_TYPE,
        headers: {
          [OTLP_EXPERIMENT_HEADER]: target.experimentId,
          ...(linkByHeader ? { [OTLP_RUN_HEADER]: target.runId as string } : {}),
        },
      });
    } catch (error) {
      if (MlflowClientError.isInstance(error) && (error.status === 404 || error.status === 501))
        throw new MlflowClientError(
          'http_error',
          `${endpoint}: the server cannot store traces (HTTP ${error.status}).`,
          {
            status: error.status,
            endpoint,
            cause: error,
            fix: 'Use MLflow ≥ 3.6 with a SQL backend store (mlflow server --backend-store-uri sqlite:///… or a database).',
          },
        );
      throw error;
    }
    // ExportTraceServiceResponse is protobuf (empty when every span was stored): drain it.
    await readBody(res, 64 * 1024);
  }
}
