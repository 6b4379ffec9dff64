/** Module name of the pyfunc loader inside a program model's `code/` folder. */
export const PYFUNC_LOADER_MODULE = 'cited_pyfunc';

/**
 * The `python_function` loader shipped in every program model (`code/cited_pyfunc.py`). It is a
 * client of a running Cited API, never a second implementation of the pipeline: `predict()`
 * posts each row to `/v1/answer`. The API's URL comes from the model config (`api_url`, settable
 * with `load_model(..., model_config={"api_url": …})`) or `CITED_API_URL`; the key only from
 * `CITED_API_KEY` (never stored in MLflow). Before answering it checks `/v1/programs/active`: an
 * API serving another program than the model's fails with both ids named. Standard library and
 * pandas only (pandas comes with mlflow).
 */
export const PYFUNC_LOADER_SOURCE = String.raw`"""Cited program model: a pyfunc client of a running Cited API.

predict() sends each row (question, optional tenantId and topK) to the API's POST /v1/answer and
returns answer, citations (JSON text), verdict and abstained. It never runs the pipeline itself.

Configuration: the API URL from the model config "api_url" or the CITED_API_URL environment
variable; the API key only from CITED_API_KEY (it is never stored in MLflow). The key must be of
a tenant in CITED_ADMIN_TENANTS when the API has keys: /v1/programs/active is an operator route.
"""
import json
import os
import urllib.error
import urllib.request

TIMEOUT_SECONDS = float(os.environ.get("CITED_API_TIMEOUT", "60"))


class CitedModelError(RuntimeError):
    """A Cited API call failed, or the API serves another program than the model's."""


class CitedApiModel:
    def __init__(self, program, api_url):
        self.program_id = program["id"]
        self.program_name = program["name"]
        self.pipeline = program["pipeline"]
        self.api_url = api_url.rstrip("/")

    def _request(self, method, path, body=None):
        headers = {"Accept": "application/json"}
        key = os.environ.get("CITED_API_KEY")
        if key:
            headers["Authorization"] = "Bearer " + key
        data = None
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            headers["Content-Type"] = "application/json"
        req = urllib.request.Request(self.api_url + path, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(req, timeout=TIMEOUT_SECONDS) as resp:
                return json.loads(resp.read().decode("utf-8"))
        except urllib.error.HTTPError as e:
            try:
                detail = json.loads(e.read().decode("utf-8")).get("detail", "")
            except Exception:
                detail = ""
            raise CitedModelError(
                "Cited API %s %s failed with HTTP %d%s" % (method, path, e.code, (": " + detail) if detail else "")
            ) from None
        except urllib.error.URLError as e:
            raise CitedModelError(
                "Cited API at %s is unreachable (%s); set CITED_API_URL or model_config api_url" % (self.api_url, e.reason)
            ) from None

    def check_active(self):
        active = self._request("GET", "/v1/programs/active")
        for entry in active.get("pipelines", []):
            if entry.get("pipeline") != self.pipeline:
                continue
            served = entry.get("program") or {}
            if served.get("id") != self.program_id:
                raise CitedModelError(
                    "the Cited API at %s serves program %s (%s) for pipeline %s, not this model's program %s (%s)"
                    % (self.api_url, served.get("id"), served.get("name"), self.pipeline, self.program_id, self.program_name)
                )
            return
        raise CitedModelError("the Cited API at %s has no %s pipeline" % (self.api_url, self.pipeline))

    def predict(self, model_input, params=None):
        import pandas as pd

        if isinstance(model_input, pd.DataFrame):
            rows = model_input.to_dict(orient="records")
        elif isinstance(model_input, dict):
            rows = [model_input]
        else:
            rows = list(model_input)
        self.check_active()
        out = []
        for row in rows:
            body = {"question": row["question"]}
            tenant = row.get("tenantId")
            if isinstance(tenant, str) and tenant:
                body["tenantId"] = tenant
            top_k = row.get("topK")
            if top_k is not None and not (isinstance(top_k, float) and top_k != top_k):
                body["topK"] = int(top_k)
            res = self._request("POST", "/v1/answer", body)
            answered_by = (res.get("program") or {}).get("id")
            if answered_by != self.program_id:
                raise CitedModelError(
                    "the Cited API answered with program %s, not this model's program %s" % (answered_by, self.program_id)
                )
            out.append(
                {
                    "answer": res["answer"],
                    "citations": json.dumps(res["citations"]),
                    "verdict": (res.get("verification") or {}).get("verdict", ""),
                    "abstained": bool(res["abstained"]),
                }
            )
        return pd.DataFrame(out, columns=["answer", "citations", "verdict", "abstained"])


def _load_pyfunc(data_path, model_config=None):
    with open(data_path, encoding="utf-8") as f:
        program = json.load(f)
    api_url = (model_config or {}).get("api_url") or os.environ.get("CITED_API_URL")
    if not api_url:
        raise CitedModelError(
            "no Cited API URL: set CITED_API_URL or load_model(..., model_config={'api_url': ...})"
        )
    return CitedApiModel(program, api_url)
`;
