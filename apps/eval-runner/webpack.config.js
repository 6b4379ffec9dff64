const webpackAppConfig = require('../../tools/webpack-app-config.cjs');

module.exports = webpackAppConfig(__dirname);
