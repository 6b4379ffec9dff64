"""Cross-client check with the official `mlflow` Python client.

  python cross_client.py check <tracking_uri> <expected.json>   # asserts what TypeScript wrote
  python cross_client.py write <tracking_uri> <experiment>      # writes a run, prints JSON of it
"""
import json
import os
import sys
import tempfile

from mlflow import MlflowClient
from mlflow.entities import Metric, Param, RunTag


def check(uri, expected_file):
    with open(expected_file) as f:
        exp = json.load(f)
    c = MlflowClient(tracking_uri=uri, registry_uri=uri)
    run = c.get_run(exp["runId"])
    assert run.data.params == exp["params"], (run.data.params, exp["params"])
    for k, v in exp["tags"].items():
        assert run.data.tags.get(k) == v, (k, run.data.tags.get(k), v)
    for key, values in exp["metrics"].items():
        hist = sorted((m.step, m.value, m.timestamp) for m in c.get_metric_history(run.info.run_id, key))
        want = sorted((m["step"], m["value"], m["timestamp"]) for m in values)
        assert hist == want, (key, hist[:3], want[:3])
    got_ds = sorted(
        (d.dataset.name, d.dataset.digest, d.dataset.source_type, d.dataset.source, d.dataset.schema, d.dataset.profile,
         {t.key: t.value for t in d.tags}.get("mlflow.data.context"))
        for d in run.inputs.dataset_inputs
    )
    want_ds = sorted(
        (d["name"], d["digest"], d["sourceType"], d["source"], d["schema"], d["profile"], d["context"]) for d in exp["datasets"]
    )
    assert got_ds == want_ds, (got_ds, want_ds)
    with tempfile.TemporaryDirectory() as tmp:
        for path, content in exp["artifacts"].items():
            local = c.download_artifacts(run.info.run_id, path, tmp)
            with open(local) as f:
                assert f.read() == content, path
    name = exp["model"]["name"]
    versions = sorted(v.version for v in c.search_model_versions(f"name = '{name}'"))
    assert versions == sorted(exp["model"]["versions"]), versions
    for alias, version in exp["model"]["aliases"].items():
        assert c.get_model_version_by_alias(name, alias).version == version, alias
    print("cross-client check: OK")


def write(uri, experiment):
    c = MlflowClient(tracking_uri=uri, registry_uri=uri)
    exp_id = c.create_experiment(experiment)
    run = c.create_run(exp_id, run_name="from-python", tags={"writer": "python"})
    rid = run.info.run_id
    ts = 1_650_000_000_000
    c.log_batch(
        rid,
        metrics=[Metric("py_loss", 1.0 / (i + 1), ts + i, i) for i in range(50)],
        params=[Param("optimizer", "adam"), Param("epochs", "3")],
        tags=[RunTag("stage", "py")],
    )
    with tempfile.TemporaryDirectory() as tmp:
        p = os.path.join(tmp, "notes.txt")
        with open(p, "w") as f:
            f.write("written by python")
        c.log_artifact(rid, p, "docs")
    c.set_terminated(rid)
    name = experiment + "-model"
    c.create_registered_model(name)
    mv = c.create_model_version(name, f"{run.info.artifact_uri}/docs", run_id=rid)
    c.set_registered_model_alias(name, "champion", mv.version)
    print(json.dumps({"runId": rid, "model": name, "version": mv.version, "ts": ts}))


if __name__ == "__main__":
    cmd, uri, arg = sys.argv[1:4]
    (check if cmd == "check" else write)(uri, arg)
