import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { projectPython } from '@cited/mlflow-client/testing';

/**
 * Reads what Cited registered back with MLflow's own Python client (the project venv's
 * `mlflow`): model info, LoggedModels with their metrics, a run's dataset source (downloaded and
 * hashed), registered prompts, and pyfunc predictions. What a Python service sees.
 */
const READER = String.raw`
import hashlib, json, os, sys
os.environ["MLFLOW_ENABLE_TELEMETRY"] = "false"
import mlflow

uri, mode, args = sys.argv[1], sys.argv[2], sys.argv[3:]
mlflow.set_tracking_uri(uri)

def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()

if mode == "model-info":
    info = mlflow.models.get_model_info(args[0])
    out = {"modelId": info.model_id, "runId": info.run_id, "flavors": info.flavors,
           "signature": info.signature.to_dict() if info.signature else None,
           "inputExample": info.saved_input_example_info, "prompts": info.prompts,
           "metadata": info.metadata}
elif mode == "logged-models":
    models = mlflow.search_logged_models(experiment_ids=[args[0]], output_format="list")
    out = [{"modelId": m.model_id, "name": m.name, "status": str(m.status), "sourceRunId": m.source_run_id,
            "modelType": m.model_type, "params": m.params, "tags": m.tags,
            "metrics": [{"key": x.key, "value": x.value, "runId": x.run_id, "datasetName": x.dataset_name,
                         "datasetDigest": x.dataset_digest} for x in (m.metrics or [])]} for m in models]
elif mode == "dataset":
    run = mlflow.MlflowClient().get_run(args[0])
    ds = run.inputs.dataset_inputs[0].dataset
    src = mlflow.data.get_source(ds)
    path = src.load(dst_path=args[1])
    out = {"name": ds.name, "digest": ds.digest, "sourceType": ds.source_type, "source": ds.source,
           "file": os.path.basename(path), "sha256": sha256(path),
           "modelInputs": [m.model_id for m in (run.inputs.model_inputs or [])],
           "modelOutputs": [m.model_id for m in (run.outputs.model_outputs or [])] if run.outputs else []}
elif mode == "prompt":
    p = mlflow.genai.load_prompt(args[0])
    out = {"name": p.name, "version": p.version, "template": p.template, "tags": p.tags}
elif mode == "predict":
    model = mlflow.pyfunc.load_model(args[0], model_config={"api_url": args[1]} if args[1] else None)
    import pandas as pd
    try:
        df = model.predict(pd.DataFrame({"question": args[2:]}))
        out = {"ok": True, "rows": json.loads(df.to_json(orient="records"))}
    except Exception as e:
        out = {"ok": False, "error": type(e).__name__ + ": " + str(e)}
else:
    raise SystemExit("unknown mode " + mode)
print(json.dumps(out, default=str))
`;

/** Runs one read with MLflow's Python client and returns its JSON output. */
export async function readWithPython<T>(
  trackingUri: string,
  mode: 'model-info' | 'logged-models' | 'dataset' | 'prompt' | 'predict',
  args: string[],
  env: Record<string, string> = {},
): Promise<T> {
  const { stdout } = await promisify(execFile)(
    projectPython(),
    ['-c', READER, trackingUri, mode, ...args],
    { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...env } },
  );
  return JSON.parse(stdout.trim().split('\n').pop() ?? 'null') as T;
}
