import { PACKAGE_VERSION as DATASET_MANIFEST_VERSION } from '@cited/dataset-manifest';
import { AX_VERSION, PACKAGE_VERSION as DSPY_PIPELINE_VERSION } from '@cited/dspy-pipeline';
import { PACKAGE_VERSION as MLFLOW_CLIENT_VERSION } from '@cited/mlflow-client';
import { PACKAGE_VERSION as PII_SCRUB_VERSION } from '@cited/pii-scrub';

/** The eval-runner's own version. */
export const EVAL_RUNNER_VERSION = '0.1.0';

/** Versions of the code that produced a run, logged as `version.<package>` params. */
export function packageVersions(): Record<string, string> {
  return {
    'version.eval-runner': EVAL_RUNNER_VERSION,
    'version.dspy-pipeline': DSPY_PIPELINE_VERSION,
    'version.mlflow-client': MLFLOW_CLIENT_VERSION,
    'version.dataset-manifest': DATASET_MANIFEST_VERSION,
    'version.pii-scrub': PII_SCRUB_VERSION,
    'version.ax': AX_VERSION,
    'version.node': process.versions.node,
  };
}
