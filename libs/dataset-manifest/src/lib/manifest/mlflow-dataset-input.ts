import { z } from 'zod';
import { DatasetManifestError } from '../errors/dataset-manifest-error';
import type { DatasetManifest } from './dataset-manifest.schema';

/**
 * Where a logged dataset's data is, as MLflow records it: a source type and its JSON source
 * document (e.g. `http` and `{"url":"…"}`).
 */
export const mlflowDatasetSourceSchema = z.object({
  sourceType: z.string().min(1),
  /** JSON text read by the source type's `from_dict` (MLflow's `mlflow.data.get_source`). */
  source: z.string().min(2),
});

/** Where a logged dataset's data is. */
export type MlflowDatasetSource = z.infer<typeof mlflowDatasetSourceSchema>;

/**
 * A dataset as `runs/log-inputs` takes it, camelCase (the shape of mlflow-client's
 * `DatasetInputSpec`, which this library does not depend on).
 */
export interface MlflowDatasetInput {
  name: string;
  digest: string;
  sourceType: string;
  source: string;
  schema: string;
  profile: string;
  /** `mlflow.data.context` tag: `eval`, `training`, … */
  context?: string;
}

/**
 * An `http` source: MLflow's `HTTPDatasetSource` downloads the URL on `load()`. MLflow refuses
 * `runs:/`, `models:/` and `mlflow-artifacts:` URIs as dataset sources, so an uploaded file is
 * named by the tracking server's artifact download URL.
 * @throws DatasetManifestError `invalid_argument` when `url` is not an absolute http(s) URL.
 */
export function httpDatasetSource(url: string): MlflowDatasetSource {
  const parsed = URL.canParse(url) ? new URL(url) : null;
  if (parsed === null || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:'))
    throw new DatasetManifestError('invalid_argument', 'must be an absolute http(s) URL.', {
      where: 'dataset source url',
      fix: "Pass the tracking server's artifact download URL of the uploaded file.",
    });
  return { sourceType: 'http', source: JSON.stringify({ url }) };
}

/**
 * The dataset to log for a manifest: its MLflow fields (name, digest of the original file,
 * schema, profile) as they are, with the source given apart, because the uploaded snapshot's
 * URL is known only after the upload. Without `source`, the manifest's own source is kept.
 */
export function mlflowDatasetInput(
  manifest: Pick<DatasetManifest, 'mlflow_dataset'>,
  options: { source?: MlflowDatasetSource; context?: string } = {},
): MlflowDatasetInput {
  const m = manifest.mlflow_dataset;
  const source = options.source
    ? mlflowDatasetSourceSchema.parse(options.source)
    : { sourceType: m.source_type, source: m.source };
  return {
    name: m.name,
    digest: m.digest,
    ...source,
    schema: m.schema,
    profile: m.profile,
    ...(options.context === undefined ? {} : { context: options.context }),
  };
}
