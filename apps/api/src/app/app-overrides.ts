import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Provider } from '@openfeature/server-sdk';
import type { QaEngine } from '../pipelines/qa-engine';
import type { ProgramRegistry } from '../programs/program-registry';

/**
 * Parts that replace a default of the app (tests, or an operator's own flag provider). Read
 * only by the provider factories that build those parts; nothing on the request path sees it.
 */
export interface AppOverrides {
  /** Any OpenFeature provider; default: the JSON flags file provider (`CITED_FLAGS_FILE`). */
  flagProvider?: Provider;
  /** Default: the `@cited/dspy-pipeline` engine built from the configuration. */
  engine?: QaEngine;
  /** Default: the MLflow registry of `MLFLOW_TRACKING_URI`; null: no registry. */
  registry?: ProgramRegistry | null;
  /** Replaces the OTLP exporter when tracing is enabled (tests: an in-memory exporter). */
  spanExporter?: SpanExporter;
}

/** Nest injection token of the {@link AppOverrides} given to `createApp`. */
export const APP_OVERRIDES = Symbol('APP_OVERRIDES');
