// Type-aware lint: floating promises and non-exhaustive switches are errors, because an
// unawaited write or an unmapped error code is a lost or wrong attendance record.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'coverage/', 'bin/', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The domain core is pure: no I/O, no clock, no environment, nothing from the other layers.
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['node:*', '../server/*', '../web/*', '../bench/*', 'fs', 'path', 'kysely', 'fastify'] },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Pass `now` as an argument.' },
        { object: 'process', property: 'env', message: 'Configuration belongs to server/config.ts.' },
        { object: 'Math', property: 'random', message: 'Pass randomness as an argument.' },
      ],
    },
  },
);
