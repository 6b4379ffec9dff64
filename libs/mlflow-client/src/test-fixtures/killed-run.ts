// Child process for the SIGTERM test: starts a run, logs, says "ready" and waits to be killed.
import { mlflowConfigSchema } from '../lib/config/mlflow-config';
import { MlflowClient } from '../lib/client/mlflow-client';
import { withRun } from '../lib/run/with-run';

const [uri, experiment, runName] = process.argv.slice(2) as [string, string, string];
const client = new MlflowClient(mlflowConfigSchema.parse({ trackingUri: uri, maxRetries: 1 }));
void withRun(client, { experiment, runName }, async (run) => {
  run.logMetric('before_kill', 1, 0);
  await run.flush();
  process.stdout.write(`ready ${run.runId}\n`);
  await new Promise(() => setInterval(() => undefined, 1000));
});
