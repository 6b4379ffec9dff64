import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';

/**
 * Reads traces back with MLflow's own Python client (`mlflow.search_traces`, `mlflow.get_trace`)
 * and prints them as JSON: what the MLflow UI and a Python user see, not what we sent.
 */
const READER = String.raw`
import json, os, sys
os.environ["MLFLOW_ENABLE_TELEMETRY"] = "false"
import mlflow
from mlflow.entities import Feedback

uri, mode, arg, locations = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
mlflow.set_tracking_uri(uri)

def span_json(s):
    usage = s.attributes.get("mlflow.chat.tokenUsage")
    return {"name": s.name, "spanType": s.span_type, "spanId": s.span_id, "parentId": s.parent_id,
            "status": s.status.status_code.value if hasattr(s.status.status_code, "value") else str(s.status.status_code),
            "inputs": s.inputs, "outputs": s.outputs, "tokenUsage": usage,
            "attributes": {k: v for k, v in s.attributes.items() if k.startswith("cited.")}}

def trace_json(t):
    return {"traceId": t.info.trace_id, "state": str(t.info.state.value if hasattr(t.info.state, "value") else t.info.state),
            "tags": dict(t.info.tags), "metadata": dict(t.info.trace_metadata),
            "requestPreview": t.info.request_preview, "responsePreview": t.info.response_preview,
            "spans": [span_json(s) for s in t.data.spans],
            "assessments": [{"name": a.name, "kind": "feedback" if isinstance(a, Feedback) else "expectation",
                             "value": a.value, "sourceType": a.source.source_type, "sourceId": a.source.source_id,
                             "rationale": getattr(a, "rationale", None)} for a in t.info.assessments]}

if mode == "run":
    traces = mlflow.search_traces(locations=locations, run_id=arg, return_type="list", max_results=100000)
elif mode == "experiment":
    traces = mlflow.search_traces(locations=[arg], return_type="list", max_results=100000)
else:
    traces = [mlflow.get_trace(arg)]
print(json.dumps([trace_json(t) for t in traces if t is not None], default=str))
`;

/** A span as MLflow's Python client reads it. */
export interface PythonSpan {
  name: string;
  spanType: string;
  spanId: string;
  parentId: string | null;
  status: string;
  inputs: unknown;
  outputs: unknown;
  tokenUsage: { input_tokens: number; output_tokens: number; total_tokens: number } | null;
  /** The `cited.*` attributes. */
  attributes: Record<string, unknown>;
}

/** A trace as MLflow's Python client reads it. */
export interface PythonTrace {
  traceId: string;
  state: string;
  tags: Record<string, string>;
  metadata: Record<string, string>;
  requestPreview: string | null;
  responsePreview: string | null;
  spans: PythonSpan[];
  assessments: {
    name: string;
    kind: 'feedback' | 'expectation';
    value: unknown;
    sourceType: string;
    sourceId: string;
    rationale: string | null;
  }[];
}

/** What to read: the traces of a run, of an experiment, or one trace. */
export type PythonTraceQuery =
  { runId: string; experimentId: string } | { experimentId: string } | { traceId: string };

/**
 * The python of a venv with mlflow: `venvDir`'s, else that of the nearest `.cited/venv` at or
 * above `start` (default: the working folder), where the project's tools put it.
 */
export function projectPython(venvDir?: string, start: string = process.cwd()): string {
  if (venvDir !== undefined) return join(venvDir, 'bin', 'python');
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    const candidate = join(dir, '.cited', 'venv', 'bin', 'python');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error('no .cited/venv found: run npm run mlflow:up once');
  }
}

/**
 * Reads traces with MLflow's Python client (the project venv's `mlflow`): one trace, or all
 * traces of a run or an experiment, as {@link PythonTrace}s.
 */
export async function readTracesWithPython(
  trackingUri: string,
  query: PythonTraceQuery,
  python: string = projectPython(),
): Promise<PythonTrace[]> {
  const args =
    'traceId' in query
      ? ['trace', query.traceId]
      : 'runId' in query
        ? ['run', query.runId, query.experimentId]
        : ['experiment', query.experimentId];
  const { stdout } = await promisify(execFile)(python, ['-c', READER, trackingUri, ...args], {
    maxBuffer: 256 * 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '[]') as PythonTrace[];
}
