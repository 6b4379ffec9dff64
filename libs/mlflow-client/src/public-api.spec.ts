import * as api from './index';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

describe('@cited/mlflow-client public API', () => {
  it('exports exactly the documented names', () => {
    expect(Object.keys(api).sort()).toEqual([
      'DEFAULT_TRACKING_URI',
      'MlflowClientError',
      'PACKAGE_VERSION',
      'mlflowConfigFromEnv',
      'mlflowConfigSchema',
    ]);
  });

  it('reports the version written in package.json', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(api.PACKAGE_VERSION).toBe(pkg.version);
  });
});
