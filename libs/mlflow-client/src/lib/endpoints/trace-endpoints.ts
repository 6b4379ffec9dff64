import { z } from 'zod';
import { MLFLOW_API_V3_PREFIX as P3, emptySchema, endpoint } from './endpoint-spec';

/** User-keyed maps of the v3 trace API: their keys are names, never renamed. */
const TRACE_MAPS: ReadonlySet<string> = new Set([
  'tags',
  'traceMetadata',
  'trace_metadata',
  'value',
  'metadata',
]);

const stringMap = z.record(z.string(), z.string());

/** `AssessmentSource` on the wire. */
const assessmentSourceWire = z.object({
  sourceType: z.enum(['CODE', 'HUMAN', 'LLM_JUDGE', 'SOURCE_TYPE_UNSPECIFIED']),
  sourceId: z.string(),
});

/** `Assessment` (assessments.proto): a feedback or an expectation of a trace. */
export const assessmentWireSchema = z
  .object({
    assessmentId: z.string().optional(),
    assessmentName: z.string(),
    traceId: z.string().optional(),
    source: assessmentSourceWire,
    // A list or object expectation comes back as `serialized_value` (JSON text).
    feedback: z.object({ value: z.unknown().optional() }).loose().optional(),
    expectation: z.object({ value: z.unknown().optional() }).loose().optional(),
    rationale: z.string().optional(),
    metadata: stringMap.optional(),
  })
  .loose();
/** An assessment as the server sends it. */
export type AssessmentWire = z.infer<typeof assessmentWireSchema>;

/** `TraceInfoV3` (service.proto): what a trace is, without its spans. */
export const traceInfoWireSchema = z
  .object({
    traceId: z.string(),
    traceLocation: z
      .object({
        type: z.string(),
        mlflowExperiment: z.object({ experimentId: z.string() }).optional(),
      })
      .loose(),
    requestTime: z.string().optional(),
    executionDuration: z.string().optional(),
    state: z.enum(['STATE_UNSPECIFIED', 'OK', 'ERROR', 'IN_PROGRESS']).optional(),
    requestPreview: z.string().optional(),
    responsePreview: z.string().optional(),
    traceMetadata: stringMap.default({}),
    tags: stringMap.default({}),
    assessments: z.array(assessmentWireSchema).default([]),
  })
  .loose();
/** Trace info as the server sends it. */
export type TraceInfoWire = z.infer<typeof traceInfoWireSchema>;

/** Trace and assessment endpoints of MLflow 3 (`/api/3.0/mlflow/traces…`). */
export const traceEndpoints = {
  /**
   * `POST /api/3.0/mlflow/traces` (StartTraceV3): creates the trace info — state, times,
   * previews, tags, metadata and assessments — in one request. Sent again with the same ids it
   * merges (tags, metadata and assessments by id), so a replay adds nothing twice.
   */
  start: endpoint({
    method: 'POST',
    path: `${P3}/traces`,
    request: z.object({
      trace: z.object({
        traceInfo: z.object({
          traceId: z.string(),
          traceLocation: z.object({
            type: z.literal('MLFLOW_EXPERIMENT'),
            mlflowExperiment: z.object({ experimentId: z.string() }),
          }),
          requestTime: z.string(),
          executionDuration: z.string(),
          state: z.enum(['OK', 'ERROR']),
          requestPreview: z.string().optional(),
          responsePreview: z.string().optional(),
          traceMetadata: stringMap,
          tags: stringMap,
          assessments: z.array(assessmentWireSchema),
        }),
      }),
    }),
    // Nothing of the answer is used: the ids are ours.
    response: emptySchema,
    verbatim: TRACE_MAPS,
  }),
  /** `GET /api/3.0/mlflow/traces/{trace_id}` (GetTraceInfoV3). */
  getInfo: endpoint({
    method: 'GET',
    path: `${P3}/traces/{traceId}`,
    request: z.object({ traceId: z.string().min(1) }),
    response: z.object({ trace: z.object({ traceInfo: traceInfoWireSchema }).loose() }).loose(),
    verbatim: TRACE_MAPS,
  }),
  /** `POST /api/3.0/mlflow/traces/{trace_id}/assessments` (CreateAssessment). */
  createAssessment: endpoint({
    method: 'POST',
    path: `${P3}/traces/{traceId}/assessments`,
    request: z.object({ traceId: z.string().min(1), assessment: assessmentWireSchema }),
    response: z.object({ assessment: assessmentWireSchema }).loose(),
    verbatim: TRACE_MAPS,
  }),
};
