import { OpenFeature, ProviderStatus, type Client } from '@openfeature/server-sdk';
import { pipelineKindSchema, type PipelineKind } from '@cited/dspy-pipeline';
import { KILL_SWITCH_FLAG, QA_PIPELINE_FLAG } from './flags-file';
import type { JsonFileFlagProvider } from './json-file-flag-provider';

/** The kill switch as health and the programs report see it. */
export interface KillSwitchStatus {
  /** On for everyone: `CITED_KILL_SWITCH`, or the `kill-switch` flag for a request without a tenant rule. */
  everyone: boolean;
  /** Where `everyone` comes from. */
  source: 'env' | 'flag' | null;
  /**
   * Some tenants only (tenant rules or a rollout in the flags file); null when the provider
   * cannot tell (a provider other than the flags file).
   */
  someTenants: boolean | null;
}

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
  /**
   * @param direct the provider behind `client` when it is the JSON file provider: while it is
   * ready and no OpenFeature hook is registered (on the client or globally), flags resolve
   * straight from its in-memory map, skipping the SDK's per-evaluation promises, hook and
   * context-merging allocations. Same values and reasons; with hooks, the client is used.
   */
  constructor(
    private readonly client: Client,
    private readonly direct: JsonFileFlagProvider | null = null,
    private readonly envKillSwitch = false,
  ) {}

  /**
   * The kill switch in force now, read the way requests read it (`CITED_KILL_SWITCH`, then the
   * `kill-switch` flag through the same provider), so that `/readyz` and
   * `/v1/programs/active` say what answers do.
   */
  async killSwitch(): Promise<KillSwitchStatus> {
    const someTenants = this.direct === null ? null : this.direct.killSwitchForSomeTenants();
    if (this.envKillSwitch) return { everyone: true, source: 'env', someTenants };
    // No tenant in the context: tenant rules and rollouts do not apply, the flag's default does.
    const flag = await this.client.getBooleanDetails(KILL_SWITCH_FLAG, false, {});
    const everyone = flag.errorCode === undefined && flag.value;
    return { everyone, source: everyone ? 'flag' : null, someTenants };
  }

  async decide(
    tenantId: string,
    requestId: string,
    defaultPipeline: PipelineKind,
  ): Promise<FlagDecision> {
    const context = { targetingKey: tenantId, tenantId, requestId };
    if (
      this.direct !== null &&
      this.client.providerStatus === ProviderStatus.READY &&
      this.client.getHooks().length === 0 &&
      OpenFeature.getHooks().length === 0
    ) {
      const pipeline = this.direct.resolveNow(QA_PIPELINE_FLAG, defaultPipeline, context);
      const kill = this.direct.resolveNow(KILL_SWITCH_FLAG, false, context);
      return this.toDecision(pipeline, kill.errorCode === undefined && kill.value, defaultPipeline);
    }
    const [pipeline, kill] = await Promise.all([
      this.client.getStringDetails(QA_PIPELINE_FLAG, defaultPipeline, context),
      this.client.getBooleanDetails(KILL_SWITCH_FLAG, false, context),
    ]);
    return this.toDecision(pipeline, kill.value, defaultPipeline);
  }

  private toDecision(
    pipeline: { value: string; reason?: string; errorCode?: string },
    killSwitch: boolean,
    defaultPipeline: PipelineKind,
  ): FlagDecision {
    // An errored resolution serves the default, as the OpenFeature client does.
    const value = pipeline.errorCode === undefined ? pipeline.value : defaultPipeline;
    const parsed = pipelineKindSchema.safeParse(value);
    return {
      pipeline: parsed.success ? parsed.data : defaultPipeline,
      reason: parsed.success ? (pipeline.reason ?? 'UNKNOWN') : 'INVALID_VALUE',
      killSwitch,
    };
  }
}
