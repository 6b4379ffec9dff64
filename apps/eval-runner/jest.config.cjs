module.exports = {
  displayName: 'eval-runner',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/apps/eval-runner',
  // End-to-end tests run against a real MLflow server: reuses CITED_TEST_MLFLOW_URI (npm test)
  // or starts one for this run.
  globalSetup: '../../tools/jest-mlflow-setup.cjs',
  globalTeardown: '../../tools/jest-mlflow-teardown.cjs',
  testTimeout: 120_000,
};
