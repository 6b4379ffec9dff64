import type { z } from 'zod';
import type { AssessmentWire, traceEndpoints } from '../endpoints/trace-endpoints';
import { derivedAssessmentId } from './trace-ids';
import { mlflowTraceId, type AssessmentRecord, type TraceRecord } from './trace-record';

/** Trace metadata key MLflow links a trace to its run with (`TraceMetadataKey.SOURCE_RUN`). */
export const SOURCE_RUN_METADATA = 'mlflow.sourceRun';
/** Trace tag MLflow shows as the trace's name. */
export const TRACE_NAME_TAG = 'mlflow.traceName';
/** Trace metadata key of the summed token usage (MLflow computes it too when absent). */
const TOKEN_USAGE_METADATA = 'mlflow.trace.tokenUsage';
/** Longest request/response preview MLflow keeps. */
const PREVIEW_CHARS = 1000;

type StartInput = z.input<(typeof traceEndpoints)['start']['request']>;

/** Protobuf JSON `Duration`: seconds with a fraction and an `s`. */
function duration(ms: number): string {
  return `${(Math.max(0, ms) / 1000).toFixed(6)}s`;
}

function preview(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > PREVIEW_CHARS ? text.slice(0, PREVIEW_CHARS) : text;
}

/** One assessment on the wire, with its derived id when it has none. */
export function assessmentWire(
  traceId: string,
  a: AssessmentRecord,
  runId?: string,
): AssessmentWire {
  return {
    assessmentId: a.assessmentId ?? derivedAssessmentId(traceId, a.name, a.source.id),
    assessmentName: a.name,
    source: { sourceType: a.source.type, sourceId: a.source.id },
    ...(a.kind === 'feedback'
      ? { feedback: { value: a.value } }
      : { expectation: { value: a.value } }),
    ...(a.kind === 'feedback' && a.rationale !== undefined ? { rationale: a.rationale } : {}),
    // MLflow's own evaluation records the run an assessment was made in this way.
    ...(runId === undefined ? {} : { metadata: { 'mlflow.assessment.sourceRunId': runId } }),
  };
}

/**
 * The StartTraceV3 request of a trace: state and times from the root span, previews from its
 * inputs and outputs, tags (with the trace name), metadata (with the run link) and assessments.
 */
export function traceInfoRequest(
  trace: TraceRecord,
  target: { experimentId: string; runId?: string | undefined },
): StartInput {
  const root = trace.spans[0] as TraceRecord['spans'][number];
  let input = 0;
  let output = 0;
  let total = 0;
  for (const s of trace.spans) {
    input += s.tokenUsage?.inputTokens ?? 0;
    output += s.tokenUsage?.outputTokens ?? 0;
    total += s.tokenUsage?.totalTokens ?? 0;
  }
  const metadata: Record<string, string> = { ...trace.metadata };
  if (target.runId !== undefined) metadata[SOURCE_RUN_METADATA] = target.runId;
  if (total > 0)
    metadata[TOKEN_USAGE_METADATA] = JSON.stringify({
      input_tokens: input,
      output_tokens: output,
      total_tokens: total,
    });
  const requestPreview = preview(root.inputs);
  const responsePreview = preview(root.outputs);
  return {
    trace: {
      traceInfo: {
        traceId: mlflowTraceId(trace.traceId),
        traceLocation: {
          type: 'MLFLOW_EXPERIMENT',
          mlflowExperiment: { experimentId: target.experimentId },
        },
        requestTime: new Date(Math.floor(root.startTimeMs)).toISOString(),
        executionDuration: duration(root.endTimeMs - root.startTimeMs),
        state: root.status,
        ...(requestPreview === undefined ? {} : { requestPreview }),
        ...(responsePreview === undefined ? {} : { responsePreview }),
        traceMetadata: metadata,
        tags: { [TRACE_NAME_TAG]: root.name, ...trace.tags },
        assessments: trace.assessments.map((a) => assessmentWire(trace.traceId, a, target.runId)),
      },
    },
  };
}
