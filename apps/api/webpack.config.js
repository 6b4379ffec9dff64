const webpackAppConfig = require('../../tools/webpack-app-config.cjs');

module.exports = webpackAppConfig(__dirname, {
  // The playground page (GET /) is served from these files, next to main.js.
  assets: [{ input: 'apps/api/src/playground/assets', glob: '**/*', output: 'playground' }],
});
