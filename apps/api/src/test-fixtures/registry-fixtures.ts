import { createServer, request, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { PROGRAM_ARTIFACT_DIR, PROGRAM_ARTIFACT_PATH } from '@cited/dspy-pipeline';
import { sampleProgramJson } from '@cited/dspy-pipeline/testing';
import { MlflowClient, mlflowConfigFromEnv } from '@cited/mlflow-client';

/** A client for the MLflow server at `uri`. */
export function mlflowClient(uri: string): MlflowClient {
  return new MlflowClient(mlflowConfigFromEnv({ MLFLOW_TRACKING_URI: uri }));
}

/** An extractive program's JSON (distinct names give distinct ids). */
export function extractiveProgramJson(name: string): string {
  return sampleProgramJson('extractive', name);
}

/**
 * Registers `programJson` as a new version of `model` the way the eval-runner does: a run with
 * `program/program.json`, a model version from `runs:/<run>/program`. Optionally points `alias` at it.
 */
export async function registerProgram(
  client: MlflowClient,
  model: string,
  programJson: string,
  alias?: string,
): Promise<string> {
  const experimentId = await client.experiments.getOrCreate('cited-api-tests');
  const created = await client.runs.create({ experimentId, runName: 'api-registry-test' });
  const runId = created.info.runId;
  await client.artifacts.uploadBuffer({ runId }, programJson, PROGRAM_ARTIFACT_PATH);
  try {
    await client.registry.createModel(model);
  } catch {
    // Already registered by an earlier call.
  }
  const mv = await client.registry.createVersionFromRun(model, runId, PROGRAM_ARTIFACT_DIR, {
    waitReadyMs: 60_000,
  });
  if (alias !== undefined) await client.registry.setAlias(model, alias, mv.version);
  return mv.version;
}

/**
 * An HTTP proxy in front of an MLflow server: `cut()` closes the listener and every open
 * connection, so the API sees exactly what it sees when the server goes away (connection
 * refused), without stopping the server other tests share; `restore()` listens again.
 */
export interface MlflowOutageProxy {
  uri: string;
  cut(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a proxy to `targetUri` on a free loopback port (HTTP-level: MLflow checks the Host header). */
export async function startOutageProxy(targetUri: string): Promise<MlflowOutageProxy> {
  const target = new URL(targetUri);
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const upstream = request(
      {
        host: target.hostname,
        port: Number(target.port),
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host },
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const cut = async (): Promise<void> => {
    for (const s of sockets) s.destroy();
    sockets.clear();
    if (server.listening) await new Promise<void>((ok) => server.close(() => ok()));
  };
  return { uri: `http://127.0.0.1:${port}`, cut, close: cut };
}
