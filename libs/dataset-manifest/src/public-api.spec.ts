import * as api from './index';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

describe('@cited/dataset-manifest public API', () => {
  it('exports exactly the documented names', () => {
    expect(Object.keys(api).sort()).toEqual([
      'ARTICLE_SPLITS',
      'DatasetManifestError',
      'MANIFEST_FILE',
      'MIB',
      'PACKAGE_VERSION',
      'SAMPLE_FILE',
      'SNAPSHOT_FILE',
      'UNANSWERABLE_ANSWER',
      'allocateSample',
      'createDatasetManifest',
      'createManifestOptionsSchema',
      'datasetManifestSchema',
      'datasetRowMetadataSchema',
      'datasetRowSchema',
      'formatIssue',
      'httpDatasetSource',
      'importSquad',
      'jsonPathOf',
      'loadDatasetRows',
      'manifestSampleSchema',
      'mlflowDatasetInput',
      'mlflowDatasetSchema',
      'mlflowDatasetSourceSchema',
      'readDataset',
      'readDatasetManifest',
      'readDatasetOptionsSchema',
      'splitOfTitle',
      'squadFileSchema',
      'validateDataset',
      'validateOptionsSchema',
    ]);
  });

  it('reports the version written in package.json', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(api.PACKAGE_VERSION).toBe(pkg.version);
  });
});
