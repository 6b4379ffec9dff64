import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import type { MlflowConfig } from '../config/mlflow-config';
import { MlflowClientError } from '../errors/mlflow-client-error';
import { PACKAGE_VERSION } from '../package-version';
import {
  backoffDelayMs,
  isConnectionError,
  RETRYABLE_STATUSES,
  type RetryPolicy,
} from './retry-policy';
import { errorFromResponse, readBody } from './http-error';

/** One request as the transport sees it. Bodies are never copied into errors or events. */
export interface TransportRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Path below the tracking URI, starting with `/api/…`, already percent-encoded. */
  path: string;
  /** Query parameters; arrays repeat the parameter (`order_by=a&order_by=b`). */
  query?: Record<string, unknown>;
  /** A JSON value, serialized once (and re-sent unchanged on retry). */
  json?: unknown;
  /** A body already encoded (e.g. OTLP protobuf), sent as `contentType`; re-sent on retry. */
  body?: Buffer;
  /** A streamed body: a factory, so a retry re-opens the source instead of buffering it. */
  stream?: () => Readable;
  /** Length of the streamed body, when known (sets Content-Length). */
  contentLength?: number;
  contentType?: string;
  /** Extra request headers (e.g. OTLP's `x-mlflow-experiment-id`); never logged. */
  headers?: Readonly<Record<string, string>>;
}

/** Emitted once per HTTP attempt: lets callers count requests (benchmarks) or log timings. */
export interface TransportEvent {
  method: string;
  path: string;
  status: number | undefined;
  attempt: number;
  durationMs: number;
  /** Error code (e.g. `ECONNRESET`, `timeout`) of an attempt that got no HTTP answer. */
  error?: string;
  /** The attempt went out on a reused keep-alive socket. */
  reusedSocket?: boolean;
}

/**
 * Idle keep-alive sockets are closed after this long. It stays below the idle timeout of the
 * servers MLflow ships with (uvicorn `--timeout-keep-alive` 5 s), so we normally drop a socket
 * before the server does instead of writing a request into a socket it is closing. A
 * `Keep-Alive: timeout=N` hint from the server shortens it further (Node's agent honours it).
 */
const IDLE_SOCKET_TIMEOUT_MS = 4_000;

/** Immediate re-sends allowed per request after a reused socket turned out to be closed. */
const MAX_STALE_SOCKET_RETRIES = 2;

/** What one attempt saw of its socket, for the stale-socket decision. */
interface AttemptState {
  reusedSocket: boolean;
  responded: boolean;
}

/** Transport settings beyond {@link MlflowConfig}. */
export interface TransportOptions {
  onRequest?: (event: TransportEvent) => void;
  /** Replaces the retry settings of the config (e.g. a run helper that retries longer). */
  retry?: Partial<RetryPolicy>;
}

/** Sends requests to one MLflow server: auth, timeout, retries with backoff, TLS, keep-alive. */
export class HttpTransport {
  private readonly base: URL;
  private readonly agent: http.Agent;
  private readonly auth: string | undefined;
  readonly retry: RetryPolicy;

  constructor(
    private readonly config: MlflowConfig,
    private readonly options: TransportOptions = {},
  ) {
    this.base = new URL(config.trackingUri.replace(/\/+$/, '') + '/');
    const tls = this.base.protocol === 'https:';
    this.agent = tls
      ? new https.Agent({
          keepAlive: true,
          timeout: IDLE_SOCKET_TIMEOUT_MS,
          rejectUnauthorized: !config.insecureTls,
          ca: config.serverCertPath ? readFileSync(config.serverCertPath) : undefined,
        })
      : new http.Agent({ keepAlive: true, timeout: IDLE_SOCKET_TIMEOUT_MS });
    if (config.token) this.auth = `Bearer ${config.token}`;
    else if (config.username && config.password)
      this.auth = `Basic ${Buffer.from(`${config.username}:${config.password}`).toString('base64')}`;
    this.retry = {
      maxRetries: options.retry?.maxRetries ?? config.maxRetries,
      backoffFactorMs: options.retry?.backoffFactorMs ?? config.backoffFactorMs,
      backoffMaxMs: options.retry?.backoffMaxMs ?? config.backoffMaxMs,
    };
  }

  /** Sends a request and returns the parsed JSON body (`{}` for an empty body). */
  async json(req: TransportRequest): Promise<unknown> {
    const res = await this.send(req);
    const text = (await readBody(res, 64 * 1024 * 1024)).toString('utf8');
    if (text.trim() === '') return {};
    try {
      return JSON.parse(text) as unknown;
    } catch (cause) {
      throw new MlflowClientError('invalid_response', 'the server answered with invalid JSON.', {
        endpoint: `${req.method} ${req.path}`,
        status: res.statusCode,
        cause,
      });
    }
  }

  /**
   * Sends a request, retrying connection errors, 429 and 5xx with exponential backoff, and
   * returns the successful response unread (a stream). Non-2xx answers become typed errors.
   *
   * A connection error on a REUSED keep-alive socket before any answer means the server had
   * closed that idle socket (the request never reached the application): it is re-sent at once
   * on a fresh socket, without backoff and without using up a retry, as browsers, curl and Go's
   * net/http do. Every other connection error may follow a processed request; like MLflow's
   * own client (urllib3 `allowed_methods=None`) it is retried with backoff for every method.
   */
  async send(req: TransportRequest): Promise<IncomingMessage> {
    const endpoint = `${req.method} ${req.path.split('?')[0]}`;
    const body = req.json === undefined ? req.body : Buffer.from(JSON.stringify(req.json));
    let staleRetries = 0;
    for (let attempt = 0; ; attempt++) {
      const started = Date.now();
      const state: AttemptState = { reusedSocket: false, responded: false };
      let status: number | undefined;
      let errorCode: string | undefined;
      let resendNow = false;
      try {
        const res = await this.once(req, body, state);
        status = res.statusCode;
        if (status !== undefined && status >= 200 && status < 300) return res;
        const error = await errorFromResponse(res, endpoint);
        if (!RETRYABLE_STATUSES.has(status ?? 0) || attempt >= this.retry.maxRetries) throw error;
      } catch (error) {
        if (MlflowClientError.isInstance(error) && error.status !== undefined) throw error;
        errorCode = errorCodeOf(error);
        resendNow =
          state.reusedSocket &&
          !state.responded &&
          isConnectionError(error) &&
          staleRetries < MAX_STALE_SOCKET_RETRIES;
        if (!resendNow && (!this.retryable(error) || attempt >= this.retry.maxRetries))
          throw this.wrapNetworkError(error, endpoint, attempt);
      } finally {
        this.options.onRequest?.({
          method: req.method,
          path: req.path,
          status,
          attempt,
          durationMs: Date.now() - started,
          ...(errorCode === undefined ? {} : { error: errorCode }),
          reusedSocket: state.reusedSocket,
        });
      }
      if (resendNow) {
        staleRetries++;
        attempt--;
        continue;
      }
      await new Promise((r) => setTimeout(r, backoffDelayMs(this.retry, attempt)));
    }
  }

  /** Closes idle keep-alive sockets so the process can exit. */
  close(): void {
    this.agent.destroy();
  }

  private retryable(error: unknown): boolean {
    return (
      isConnectionError(error) || (MlflowClientError.isInstance(error) && error.code === 'timeout')
    );
  }

  private wrapNetworkError(error: unknown, endpoint: string, attempt: number): MlflowClientError {
    if (MlflowClientError.isInstance(error)) return error;
    const code = errorCodeOf(error);
    return new MlflowClientError(
      'network_error',
      `cannot reach the MLflow server at ${this.base.origin} (${code}) after ${attempt + 1} attempt(s).`,
      {
        endpoint,
        fix: 'Start it (npm run mlflow:up) or set MLFLOW_TRACKING_URI to a running server.',
        cause: error,
      },
    );
  }

  private url(req: TransportRequest): URL {
    const url = new URL(req.path.replace(/^\/+/, ''), this.base);
    for (const [k, v] of Object.entries(req.query ?? {}))
      for (const item of Array.isArray(v) ? (v as unknown[]) : [v])
        if (item !== undefined && item !== null) url.searchParams.append(k, String(item));
    return url;
  }

  private once(
    req: TransportRequest,
    body: Buffer | undefined,
    state: AttemptState,
  ): Promise<IncomingMessage> {
    const url = this.url(req);
    const headers: Record<string, string | number> = {
      'user-agent': `cited-mlflow-client/${PACKAGE_VERSION}`,
      accept: 'application/json',
    };
    if (req.headers) Object.assign(headers, req.headers);
    if (this.auth) headers['authorization'] = this.auth;
    if (body) {
      headers['content-type'] =
        req.json === undefined
          ? (req.contentType ?? 'application/octet-stream')
          : 'application/json';
      headers['content-length'] = body.length;
    } else if (req.stream) {
      headers['content-type'] = req.contentType ?? 'application/octet-stream';
      if (req.contentLength !== undefined) headers['content-length'] = req.contentLength;
    }
    const lib = url.protocol === 'https:' ? https : http;
    return new Promise<IncomingMessage>((resolve, reject) => {
      const r = lib.request(url, { method: req.method, headers, agent: this.agent }, (res) => {
        state.responded = true;
        resolve(res);
      });
      r.on('socket', () => (state.reusedSocket = r.reusedSocket));
      // An idle timeout, not a total one: a 1 GB upload may take minutes but never stalls.
      r.setTimeout(this.config.requestTimeoutMs, () =>
        r.destroy(
          new MlflowClientError(
            'timeout',
            `no answer within ${this.config.requestTimeoutMs} ms (MLFLOW_HTTP_REQUEST_TIMEOUT).`,
            { endpoint: `${req.method} ${url.pathname}` },
          ),
        ),
      );
      r.on('error', reject);
      if (body) r.end(body);
      else if (req.stream) {
        const src = req.stream();
        src.on('error', (e) => r.destroy(e));
        // A failed attempt must not leave its source (an open file) behind for the retry.
        r.on('close', () => src.destroy());
        src.pipe(r);
      } else r.end();
    });
  }
}

function errorCodeOf(error: unknown): string {
  if (typeof error !== 'object' || error === null) return 'connection closed';
  const { code } = error as { code?: unknown };
  return typeof code === 'string' ? code : 'connection closed';
}
