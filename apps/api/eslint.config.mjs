import baseConfig from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  {
    files: ['**/*.ts'],
    // Nest resolves constructor parameters from decorator metadata: type-only imports of
    // injected classes would erase them, so the type-import rule must know about it.
    languageOptions: {
      parserOptions: { emitDecoratorMetadata: true, experimentalDecorators: true },
    },
  },
];
