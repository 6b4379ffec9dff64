"""Python side of `npm run bench:mlflow`: the same workload with the official client, timed
in-process (after imports), per phase, counting HTTP requests by wrapping
requests.Session.request. Prints one JSON line.

Mode (third argument): `sync` (default; `log_batch` returns when every batch is stored, then
the artifacts, as the issue names it) or `async` (`log_batch(..., synchronous=False)`: MLflow's
own background logging queue sends the batches while the artifacts upload; waited for before
the run ends; phases `setup`, `logAndUpload`, `terminate`)."""
import json
import os
import sys
import time

import requests
from mlflow import MlflowClient
from mlflow.entities import Metric, Param

uri, artifacts_dir = sys.argv[1], sys.argv[2]
mode = sys.argv[3] if len(sys.argv) > 3 else "sync"
calls = {"total": 0, "log_batch": 0}
_orig = requests.Session.request


def counting(self, method, url, *a, **kw):
    calls["total"] += 1
    if url.endswith("/runs/log-batch"):
        calls["log_batch"] += 1
    return _orig(self, method, url, *a, **kw)


requests.Session.request = counting
client = MlflowClient(tracking_uri=uri)
files = sorted(os.path.join(artifacts_dir, f) for f in os.listdir(artifacts_dir))
ts = int(time.time() * 1000)
phases = {}
requests_by_phase = {}
mark = time.perf_counter()
cpu0 = time.process_time()


def phase(name):
    global mark
    now = time.perf_counter()
    phases[name] = round((now - mark) * 1000, 1)
    requests_by_phase[name] = calls["total"] - sum(requests_by_phase.values())
    mark = now


start = mark
exp_id = client.create_experiment(f"bench-python-{ts}")
run = client.create_run(exp_id)
rid = run.info.run_id
phase("setup")
ops = client.log_batch(
    rid,
    metrics=[Metric("score", i / 10000, ts + i, i) for i in range(10000)],
    params=[Param(f"p{i}", f"value-{i}") for i in range(100)],
    synchronous=mode != "async",
)
if mode != "async":
    phase("logBatch")
for f in files:
    client.log_artifact(rid, f, "files")
if mode == "async":
    ops.wait()
    phase("logAndUpload")
else:
    phase("artifacts")
client.set_terminated(rid)
phase("terminate")
elapsed_ms = (time.perf_counter() - start) * 1000
print(
    json.dumps(
        {
            "wallMs": round(elapsed_ms, 1),
            "cpuMs": round((time.process_time() - cpu0) * 1000, 1),
            "phases": phases,
            "requests": calls["total"],
            "requestsByPhase": requests_by_phase,
            "logBatchCalls": calls["log_batch"],
        }
    )
)
