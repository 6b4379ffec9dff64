import * as api from './index';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

describe('@cited/mlflow-client public API', () => {
  it('exports exactly the documented names', () => {
    expect(Object.keys(api).sort()).toEqual([
      'DEFAULT_SPOOL_DIR',
      'DEFAULT_TRACKING_URI',
      'MLFLOW_LIMITS',
      'MlflowClient',
      'MlflowClientError',
      'PACKAGE_VERSION',
      'artifactFileSchema',
      'datasetInputSchema',
      'experimentSchema',
      'fromKeyValues',
      'listSpoolEntries',
      'loggedModelSchema',
      'metricSchema',
      'mlflowConfigFromEnv',
      'mlflowConfigSchema',
      'modelVersionSchema',
      'parseModelUri',
      'proxyRootOf',
      'registeredModelSchema',
      'runSchema',
      'splitLogBatch',
      'syncSpool',
      'syncSpoolEntry',
      'toKeyValues',
      'validateArtifactPath',
      'validateKey',
      'validateMetric',
      'validateParam',
      'validateTag',
      'withRun',
    ]);
  });

  it('reports the version written in package.json', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(api.PACKAGE_VERSION).toBe(pkg.version);
  });
});
