import { z } from 'zod';

/** MLflow traces of the API's answers (independent of OpenTelemetry's `CITED_OTEL_ENABLED`). */
export const traceConfigSchema = z.object({
  /** Experiment the traces go to; created when missing. */
  experiment: z.string().min(1).max(500).default('cited-api'),
  /** Share of answers traced, 0–1 (0: none, no exporter runs). */
  sample: z.number().min(0).max(1),
  /** Most traces waiting to be sent; beyond it they are dropped and counted in `/metrics`. */
  queue: z.number().int().min(1).max(100_000).default(2048),
});

/** MLflow trace settings of the API. */
export type TraceConfig = z.infer<typeof traceConfigSchema>;

/** Environment variable of each {@link TraceConfig} field. */
export const TRACE_ENV_NAMES: Readonly<Record<keyof TraceConfig, string>> = {
  experiment: 'CITED_TRACE_EXPERIMENT',
  sample: 'CITED_TRACE_SAMPLE',
  queue: 'CITED_TRACE_QUEUE',
};

/** The outcome of {@link traceConfigOf}: the settings, or the variable at fault and why. */
export type TraceConfigResult =
  { success: true; config: TraceConfig } | { success: false; variable: string; message: string };

/**
 * Validates the trace settings read from the environment. The sampling ratio defaults to 1 in
 * local mode (no API keys: a developer's own machine) and to 0 when keys are configured (a
 * shared deployment opts in explicitly).
 */
export function traceConfigOf(
  raw: { experiment?: string | undefined; sample?: number | undefined; queue?: number | undefined },
  keyed: boolean,
): TraceConfigResult {
  const parsed = traceConfigSchema.safeParse({ ...raw, sample: raw.sample ?? (keyed ? 0 : 1) });
  if (parsed.success) return { success: true, config: parsed.data };
  const issue = parsed.error.issues[0];
  const key = String(issue?.path[0] ?? 'sample') as keyof TraceConfig;
  return {
    success: false,
    variable: TRACE_ENV_NAMES[key] ?? key,
    message: `${issue?.message ?? 'is invalid'}.`,
  };
}
