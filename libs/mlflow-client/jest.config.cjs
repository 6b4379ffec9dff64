module.exports = {
  displayName: 'mlflow-client',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/libs/mlflow-client',
  // A real MLflow server: reuses CITED_TEST_MLFLOW_URI (npm test) or starts one for this run.
  globalSetup: '../../tools/jest-mlflow-setup.cjs',
  globalTeardown: '../../tools/jest-mlflow-teardown.cjs',
  testTimeout: 60_000,
};
