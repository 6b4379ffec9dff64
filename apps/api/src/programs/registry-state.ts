/** What the API knows about the registry. */
export interface RegistryState {
  status: 'ok' | 'unreachable' | 'alias_not_found' | 'disabled' | 'not_checked';
  location: string | null;
  modelUri: string;
  aliasVersion: string | null;
  lastCheckedAt: string | null;
  lastError: string | null;
}

/**
 * The registry state before the first check.
 * @param location where the registry is, or null when none is configured
 * @param disabled true when the registry is not consulted (none configured, or a program file wins)
 */
export function initialRegistryState(
  location: string | null,
  disabled: boolean,
  modelName: string,
  modelAlias: string,
): RegistryState {
  return {
    status: disabled ? 'disabled' : 'not_checked',
    location,
    modelUri: `models:/${modelName}@${modelAlias}`,
    aliasVersion: null,
    lastCheckedAt: null,
    lastError: null,
  };
}
