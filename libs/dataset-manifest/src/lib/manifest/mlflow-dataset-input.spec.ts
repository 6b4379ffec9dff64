import { DatasetManifestError } from '../errors/dataset-manifest-error';
import { buildMlflowDataset } from './mlflow-dataset';
import { httpDatasetSource, mlflowDatasetInput } from './mlflow-dataset-input';

const mlflow_dataset = buildMlflowDataset({
  name: 'qa-small',
  sha256: 'ab'.repeat(32),
  sourceUri: '/home/someone/data/qa.jsonl',
  rows: 3,
  splits: { test: 3 },
  schemaSample: { id: ['string'], question: ['string'] },
});

describe('mlflowDatasetInput', () => {
  it("maps the manifest's MLflow fields to log-inputs' camelCase fields with the source given apart", () => {
    const url = 'http://127.0.0.1:5000/get-artifact?path=dataset%2Fsnapshot.jsonl.gz&run_uuid=abc';
    const input = mlflowDatasetInput(
      { mlflow_dataset },
      { source: httpDatasetSource(url), context: 'eval' },
    );
    expect(input).toEqual({
      name: 'qa-small',
      digest: 'abababababababab',
      sourceType: 'http',
      source: JSON.stringify({ url }),
      schema: mlflow_dataset.schema,
      profile: mlflow_dataset.profile,
      context: 'eval',
    });
  });

  it("keeps the manifest's own source when none is given", () => {
    const input = mlflowDatasetInput({ mlflow_dataset });
    expect(input.sourceType).toBe('local');
    expect(JSON.parse(input.source)).toEqual({ uri: '/home/someone/data/qa.jsonl' });
    expect(input).not.toHaveProperty('context');
  });

  it('refuses a source that is not an absolute http(s) URL, naming the field', () => {
    for (const bad of [
      'runs:/abc/dataset/x.jsonl',
      'mlflow-artifacts:/1/x',
      '/tmp/x',
      'ftp://h/x',
    ]) {
      const error = (() => {
        try {
          httpDatasetSource(bad);
        } catch (e) {
          return e;
        }
        return null;
      })();
      expect(DatasetManifestError.isInstance(error)).toBe(true);
      expect((error as DatasetManifestError).code).toBe('invalid_argument');
      expect((error as Error).message).toMatch(
        /^dataset source url: must be an absolute http\(s\) URL/,
      );
    }
  });
});
