const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('node:path');

/**
 * Webpack config of a Node app. Workspace libraries (@cited/*) are bundled in through
 * tsconfig paths; every npm package stays external and resolves from the root
 * node_modules at run time. `compiler: 'tsc'` keeps Nest's decorator metadata.
 * @param {string} appDir the app's folder (its webpack.config.js `__dirname`)
 * @param {{ assets?: unknown[] }} [options]
 */
module.exports = function webpackAppConfig(appDir, options = {}) {
  const name = require('node:path').basename(appDir);
  return {
    output: { path: join(appDir, '../../dist/apps', name), clean: true },
    devtool: 'source-map',
    plugins: [
      new NxAppWebpackPlugin({
        target: 'node',
        compiler: 'tsc',
        main: './src/main.ts',
        tsConfig: './tsconfig.app.json',
        assets: options.assets ?? [],
        optimization: false,
        outputHashing: 'none',
        generatePackageJson: false,
        sourceMap: true,
      }),
    ],
  };
};
