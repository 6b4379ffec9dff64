import * as api from './index';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

describe('@cited/mlflow-client public API', () => {
  it('exports exactly the documented names', () => {
    expect(Object.keys(api).sort()).toEqual([
      'DEFAULT_SPOOL_DIR',
      'DEFAULT_TRACKING_URI',
      'MLFLOW_LIMITS',
      'MLMODEL_FILES',
      'MlflowClient',
      'MlflowClientError',
      'PACKAGE_VERSION',
      'TraceExporter',
      'artifactFileSchema',
      'assessmentRecordSchema',
      'colSpecSchema',
      'datasetInputSchema',
      'experimentSchema',
      'fromKeyValues',
      'inputExampleFiles',
      'listSpoolEntries',
      'loggedModelSchema',
      'metricSchema',
      'mlflowConfigFromEnv',
      'mlflowConfigSchema',
      'mlflowTraceId',
      'mlmodelDocumentSchema',
      'modelVersionSchema',
      'newSpanId',
      'newTraceId',
      'parseModelUri',
      'proxyRootOf',
      'registeredModelSchema',
      'renderMlmodel',
      'runSchema',
      'spanRecordSchema',
      'spanTypeSchema',
      'splitLogBatch',
      'syncSpool',
      'syncSpoolEntry',
      'toKeyValues',
      'traceRecordSchema',
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
