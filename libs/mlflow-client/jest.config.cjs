module.exports = {
  displayName: 'mlflow-client',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/libs/mlflow-client',
};
