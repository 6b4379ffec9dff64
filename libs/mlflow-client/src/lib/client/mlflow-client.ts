import type { z } from 'zod';
import type { MlflowConfig } from '../config/mlflow-config';
import { MlflowClientError } from '../errors/mlflow-client-error';
import { HttpTransport, type TransportOptions } from '../http/http-transport';
import { camelToSnake, fromWire, toWire } from '../endpoints/case-mapping';
import type { EndpointSpec } from '../endpoints/endpoint-spec';
import type { SpecCaller } from '../endpoints/spec-caller';
import type { NonFiniteMetricPolicy } from '../validation/mlflow-validation';
import { ArtifactsApi } from '../artifacts/artifacts-api';
import { ExperimentsApi } from './experiments-api';
import { LoggedModelsApi } from '../registry/logged-models-api';
import { RegistryApi } from '../registry/registry-api';
import { TracesApi } from '../tracing/traces-api';
import { RunsApi } from './runs-api';

/** Options of {@link MlflowClient} beyond the connection config. */
export interface MlflowClientOptions extends TransportOptions {
  /** NaN/±Infinity metrics: `allow` (MLflow's rule, the default) or `reject` before sending. */
  nonFiniteMetrics?: NonFiniteMetricPolicy;
  /** Parallel uploads/downloads of a directory tree (default 4). */
  artifactConcurrency?: number;
  /**
   * `log-batch` requests {@link RunsApi.logBatch} keeps in flight (default 2; 1 sends them in
   * order, like MLflow's own client). The server's CPU, not the network, bounds batch logging,
   * so a server with several workers (MLflow's default is 4) stores two batches at once; a
   * one-worker server is neither faster nor slower. Batches may land out of order: MLflow
   * keeps the highest step as a metric's latest value either way, and a retried batch is
   * harmless (a metric with the same key, step, timestamp and value is stored once).
   */
  logBatchConcurrency?: number;
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.') || '(root)';
}

/**
 * Typed MLflow 3 REST client: experiments, runs, artifacts (through the server's proxy),
 * model registry with aliases, LoggedModels, and traces with their assessments. camelCase in, snake_case on the wire,
 * every response validated.
 */
export class MlflowClient implements SpecCaller {
  readonly transport: HttpTransport;
  readonly experiments: ExperimentsApi;
  readonly runs: RunsApi;
  readonly artifacts: ArtifactsApi;
  readonly registry: RegistryApi;
  readonly loggedModels: LoggedModelsApi;
  /** MLflow 3 traces and their assessments. */
  readonly traces: TracesApi;
  /** The tracking server this client talks to. */
  readonly trackingUri: string;

  constructor(config: MlflowConfig, options: MlflowClientOptions = {}) {
    this.trackingUri = config.trackingUri;
    this.transport = new HttpTransport(config, options);
    this.experiments = new ExperimentsApi(this);
    this.runs = new RunsApi(
      this,
      options.nonFiniteMetrics ?? 'allow',
      options.logBatchConcurrency ?? 2,
    );
    this.artifacts = new ArtifactsApi(this, options.artifactConcurrency ?? 4);
    this.registry = new RegistryApi(this, this.artifacts);
    this.loggedModels = new LoggedModelsApi(this);
    this.traces = new TracesApi(this);
  }

  /** Validates `input`, sends it to the endpoint and validates the answer. */
  async call<Req extends z.ZodType, Res extends z.ZodType>(
    spec: EndpointSpec<Req, Res>,
    input: z.input<Req>,
  ): Promise<z.output<Res>> {
    const endpoint = `${spec.method} ${spec.path}`;
    const req = spec.request.safeParse(input);
    if (!req.success) {
      const issue = req.error.issues[0];
      throw new MlflowClientError(
        'invalid_argument',
        `${fieldPath(issue?.path ?? [])}: ${issue?.message ?? 'invalid'}.`,
        { where: endpoint },
      );
    }
    const wire = toWire(req.data, spec.verbatim) as Record<string, unknown>;
    const path = spec.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      const key = camelToSnake(name);
      // Kept in the body too: some MLflow handlers read the id from both places.
      return encodeURIComponent(String(wire[key]));
    });
    const raw =
      spec.method === 'GET'
        ? await this.transport.json({ method: spec.method, path, query: wire })
        : await this.transport.json({ method: spec.method, path, json: wire });
    const res = spec.response.safeParse(fromWire(raw, spec.verbatim));
    if (!res.success) {
      const issue = res.error.issues[0];
      throw new MlflowClientError(
        'invalid_response',
        `unexpected answer at ${fieldPath(issue?.path ?? [])}: ${issue?.message ?? 'invalid'}.`,
        { where: endpoint, endpoint, fix: 'Check that the server runs MLflow 3.x.' },
      );
    }
    return res.data;
  }

  /** Releases keep-alive sockets (call when done so the process can exit promptly). */
  close(): void {
    this.transport.close();
  }
}
