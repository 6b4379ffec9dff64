module.exports = {
  displayName: 'pii-scrub',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/libs/pii-scrub',
};
