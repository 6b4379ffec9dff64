module.exports = {
  displayName: 'dataset-manifest',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/libs/dataset-manifest',
};
