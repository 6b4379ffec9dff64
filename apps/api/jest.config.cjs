const preset = require('../../jest.preset.js');

module.exports = {
  displayName: 'api',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/apps/api',
  // Swagger UI is served by @fastify/static, whose dependency content-disposition 3 is
  // ESM-only: Node 20.19+ requires it natively, Jest's module system needs it transpiled.
  transform: {
    ...preset.transform,
    '/node_modules/content-disposition/.+\\.js$': [
      'ts-jest',
      {
        tsconfig: {
          allowJs: true,
          module: 'commonjs',
          moduleResolution: 'node10',
          isolatedModules: true,
        },
      },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!content-disposition/)'],
  globalSetup: '../../tools/jest-mlflow-setup.cjs',
  globalTeardown: '../../tools/jest-mlflow-teardown.cjs',
  testTimeout: 60_000,
};
