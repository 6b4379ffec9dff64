module.exports = {
  displayName: 'dspy-pipeline',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/libs/dspy-pipeline',
};
