import { z } from 'zod';
import { datasetInputSpecSchema } from '../client/runs-api';
import { keyValueSchema, runStatusSchema } from '../endpoints/entity-schemas';

/** A metric as recorded while the server was away: original step and timestamp kept. */
const spooledMetricSchema = z.object({
  key: z.string(),
  value: z.union([z.number(), z.literal(['NaN', 'Infinity', '-Infinity'])]),
  timestamp: z.number().int(),
  step: z.number().int(),
  modelId: z.string().optional(),
  datasetName: z.string().optional(),
  datasetDigest: z.string().optional(),
});

/** One spooled run: everything the server did not receive, to be replayed by `mlflow sync`. */
export const spoolEntrySchema = z.object({
  version: z.literal(1),
  id: z.string().regex(/^[\w-]+$/),
  createdAt: z.string(),
  trackingUri: z.string(),
  experimentId: z.string().optional(),
  experimentName: z.string().optional(),
  /** Set when the run exists on the server already (it went away mid-run). */
  runId: z.string().optional(),
  runName: z.string().optional(),
  startTime: z.number().int(),
  endTime: z.number().int(),
  status: runStatusSchema,
  tags: z.array(keyValueSchema),
  params: z.array(keyValueSchema),
  metrics: z.array(spooledMetricSchema),
  inputs: z.array(datasetInputSpecSchema),
  /** Copies of the artifacts, relative to the entry folder. */
  artifacts: z.array(z.object({ file: z.string(), artifactPath: z.string() })),
  /** Traces the server did not accept: a JSON-lines file of the entry, one trace per line. */
  traces: z.object({ file: z.string(), count: z.number().int().min(0) }).optional(),
});
/** One spooled run. */
export type SpoolEntry = z.infer<typeof spoolEntrySchema>;

/** Progress of a replay, saved after each step so a crashed sync resumes without duplicates. */
export const syncStateSchema = z.object({
  runId: z.string().optional(),
  batchesDone: z.number().int().default(0),
  inputsDone: z.boolean().default(false),
  artifactsDone: z.number().int().default(0),
  /** Lines of the traces file already accepted by the server. */
  tracesDone: z.number().int().default(0),
  terminated: z.boolean().default(false),
});
/** Progress of a replay. */
export type SyncState = z.infer<typeof syncStateSchema>;

/** Tag that identifies a replayed run, so a resumed sync finds it instead of creating another. */
export const SPOOL_ID_TAG = 'cited.spoolId';
