import type { Client } from '@openfeature/server-sdk';
import { pipelineKindSchema, type PipelineKind } from '@cited/dspy-pipeline';
import { KILL_SWITCH_FLAG, QA_PIPELINE_FLAG } from './flags-file';

/** The flag decisions of one request. */
export interface FlagDecision {
  pipeline: PipelineKind;
  /** Why the flag provider chose it (OpenFeature reason). */
  reason: string;
  killSwitch: boolean;
}

/**
 * Evaluates `qa-pipeline` and `kill-switch` through an OpenFeature client with the
 * `{targetingKey: tenantId, tenantId, requestId}` context. Any provider works; the default is
 * the JSON file provider. A provider error yields the default (the promoted program's pipeline).
 */
export class PipelineFlags {
  constructor(private readonly client: Client) {}

  async decide(
    tenantId: string,
    requestId: string,
    defaultPipeline: PipelineKind,
  ): Promise<FlagDecision> {
    const context = { targetingKey: tenantId, tenantId, requestId };
    const [pipeline, kill] = await Promise.all([
      this.client.getStringDetails(QA_PIPELINE_FLAG, defaultPipeline, context),
      this.client.getBooleanDetails(KILL_SWITCH_FLAG, false, context),
    ]);
    const parsed = pipelineKindSchema.safeParse(pipeline.value);
    return {
      pipeline: parsed.success ? parsed.data : defaultPipeline,
      reason: parsed.success ? (pipeline.reason ?? 'UNKNOWN') : 'INVALID_VALUE',
      killSwitch: kill.value,
    };
  }
}
