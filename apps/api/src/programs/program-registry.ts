/** The version an alias points at. */
export interface AliasTarget {
  version: string;
}

/**
 * The model registry as the API sees it. The production implementation wraps
 * `@cited/mlflow-client`; calls must honour `signal` so a dead server cannot stall a poll.
 */
export interface ProgramRegistry {
  /** Where it is (for reports), e.g. the tracking URI. */
  readonly location: string;
  /**
   * The version `alias` of `model` points at; `null` when the model or alias does not exist.
   * @throws when the registry cannot be reached.
   */
  resolveAlias(model: string, alias: string, signal: AbortSignal): Promise<AliasTarget | null>;
  /**
   * The `program.json` text of a model version; `null` when the registry answers that the
   * version has no `program.json` (registered from another artifact, or deleted).
   * @throws when the registry cannot be reached.
   */
  downloadProgram(model: string, version: string, signal: AbortSignal): Promise<string | null>;
  /** Records on the version that this API serves it (`cited.served_at` = `at`). */
  markServed(model: string, version: string, at: string, signal: AbortSignal): Promise<void>;
}
