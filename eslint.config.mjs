import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

/**
 * Boundary rules. Tags: every project has `type:app|lib` and a `scope:*`.
 * - apps may depend on libraries only; libraries never on apps;
 * - `dspy-pipeline` may depend on the three leaf libraries;
 * - `pii-scrub`, `dataset-manifest`, `mlflow-client` depend on no workspace project;
 * - `@nestjs/*` only inside `apps/api`.
 */
export const depConstraints = [
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
  {
    sourceTag: 'type:lib',
    onlyDependOnLibsWithTags: ['type:lib'],
    bannedExternalImports: ['@nestjs/*'],
  },
  { sourceTag: 'scope:eval-runner', bannedExternalImports: ['@nestjs/*'] },
  {
    sourceTag: 'scope:pipeline',
    onlyDependOnLibsWithTags: ['scope:pii', 'scope:dataset', 'scope:mlflow'],
  },
  { sourceTag: 'scope:pii', notDependOnLibsWithTags: ['*'] },
  { sourceTag: 'scope:dataset', notDependOnLibsWithTags: ['*'] },
  { sourceTag: 'scope:mlflow', notDependOnLibsWithTags: ['*'] },
];

/**
 * For libraries: `@nx/dependency-checks` keeps each publishable package.json in step with
 * what its code imports.
 */
export const libraryPackageJsonConfig = [
  {
    files: ['**/*.json'],
    rules: {
      '@nx/dependency-checks': [
        'error',
        {
          ignoredFiles: [
            '{projectRoot}/eslint.config.{js,cjs,mjs}',
            '{projectRoot}/jest.config.cjs',
            '{projectRoot}/src/**/*.spec.ts',
            '{projectRoot}/src/test-fixtures/**/*',
          ],
        },
      ],
    },
    languageOptions: { parser: await import('jsonc-eslint-parser') },
  },
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: [
      '**/dist',
      '**/node_modules',
      '**/coverage',
      '**/.nx',
      '**/.cited',
      '**/tmp',
      'bench/.data',
    ],
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints,
        },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'separate-type-imports' },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['**/src/index.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ExportAllDeclaration',
          message: 'A library root exports a small, explicit, named API: no `export *`.',
        },
      ],
    },
  },
  prettier,
];
