module.exports = {
  displayName: 'eval-runner',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/apps/eval-runner',
};
