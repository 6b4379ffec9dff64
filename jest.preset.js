const nxPreset = require('@nx/jest/preset').default;

/** Shared Jest settings: ts-jest (CommonJS, isolated modules), node environment. */
module.exports = {
  ...nxPreset,
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  coverageReporters: ['text-summary'],
  reporters: ['default', require.resolve('./tools/jest-results-reporter.js')],
};
