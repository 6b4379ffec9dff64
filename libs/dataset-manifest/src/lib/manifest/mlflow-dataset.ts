import type { MlflowDataset } from './dataset-manifest.schema';

/** MLflow's source type for a source URI (`local` for paths and file:// URIs). */
export function mlflowSourceType(uri: string): string {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(uri)?.[1]?.toLowerCase();
  if (scheme === undefined || scheme === 'file') return 'local';
  if (scheme === 'https' || scheme === 'http') return 'http';
  if (scheme === 's3a' || scheme === 's3n') return 's3';
  if (scheme === 'hf') return 'hugging_face';
  return scheme;
}

function colspecType(types: readonly string[]): Record<string, unknown> {
  const [only] = types.filter((t) => t !== 'null');
  const nullable = types.includes('null');
  const distinct = types.filter((t) => t !== 'null').length;
  let spec: Record<string, unknown>;
  if (distinct !== 1 || only === undefined) spec = { type: 'string' };
  else if (only.startsWith('array<') && !only.includes('|'))
    spec = { type: 'array', items: colspecType([only.slice(6, -1)]) };
  else spec = { type: SCALARS[only] ?? 'string' };
  return nullable ? { ...spec, required: false } : spec;
}

const SCALARS: Record<string, string> = {
  string: 'string',
  integer: 'long',
  number: 'double',
  boolean: 'boolean',
};

/** Builds MLflow's dataset fields from the manifest facts. */
export function buildMlflowDataset(input: {
  name: string;
  sha256: string;
  sourceUri: string;
  rows: number;
  splits: Record<string, number>;
  schemaSample: Record<string, string[]>;
}): MlflowDataset {
  const colspec = Object.entries(input.schemaSample).map(([name, types]) => ({
    name,
    ...colspecType(types),
  }));
  return {
    name: input.name,
    digest: input.sha256.slice(0, 16),
    source_type: mlflowSourceType(input.sourceUri),
    source: JSON.stringify({ uri: input.sourceUri }),
    schema: JSON.stringify({ mlflow_colspec: colspec }),
    profile: JSON.stringify({ num_rows: input.rows, splits: input.splits }),
  };
}
