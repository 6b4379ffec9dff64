// Counts the traces of an MLflow experiment (REST, paged): what a benchmark side really logged.

/** The id of the experiment `name` on `uri`, or null when it does not exist. */
export async function experimentIdOf(uri, name) {
  const res = await fetch(
    `${uri}/api/2.0/mlflow/experiments/get-by-name?experiment_name=${encodeURIComponent(name)}`,
  );
  if (res.status === 404) return null;
  return (await res.json()).experiment?.experiment_id ?? null;
}

/** How many traces experiment `experimentId` holds. */
export async function countTraces(uri, experimentId) {
  let total = 0;
  let token;
  do {
    const q = new URLSearchParams({ experiment_ids: experimentId, max_results: '500' });
    if (token) q.set('page_token', token);
    const body = await (await fetch(`${uri}/api/2.0/mlflow/traces?${q}`)).json();
    total += (body.traces ?? []).length;
    token = body.next_page_token;
  } while (token);
  return total;
}
