// Type-aware lint: floating promises and non-exhaustive switches are errors, because an
// unawaited write or an unmapped error code is a lost or wrong attendance record.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.cache/', 'data/', 'coverage/', 'bin/', '**/*.js', '**/*.mjs'] },
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
    // The domain core is pure: no I/O, no clock, no randomness, no environment, nothing
    // from the other layers, at any folder depth. core/tsconfig.json enforces the same
    // with the compiler (rootDir core/, no Node types); scripts/core-purity.test.ts
    // proves both refuse a bad file.
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/server',
                '**/server/**',
                '**/web',
                '**/web/**',
                '**/bench/**',
                '**/scripts/**',
                '**/bin/**',
              ],
              message: 'core/ is the pure domain: it imports nothing from server/, web/, bench/ or scripts/.',
            },
            {
              // Only relative imports inside core/ and the two test libraries.
              regex: '^(?!\\.{1,2}/|vitest$|fast-check$)',
              message:
                'core/ imports only its own modules (and vitest, fast-check in tests): no Node.js modules, no packages.',
            },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Pass `now` as an argument.' },
        { object: 'performance', property: 'now', message: 'Pass the monotonic time as an argument.' },
        {
          object: 'process',
          property: 'env',
          message: 'Configuration belongs to server/platform/config.ts.',
        },
        { object: 'Math', property: 'random', message: 'Pass randomness as an argument.' },
        { object: 'crypto', property: 'getRandomValues', message: 'Pass randomness as an argument.' },
        { object: 'crypto', property: 'randomUUID', message: 'Pass randomness as an argument.' },
      ],
      'no-restricted-globals': [
        'error',
        ...[
          'process',
          'performance',
          'crypto',
          'fetch',
          'setTimeout',
          'setInterval',
          'Buffer',
          'require',
        ].map((name) => ({
          name,
          message: `core/ is pure: \`${name}\` is I/O, a clock, randomness or the environment.`,
        })),
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: '`new Date()` reads the clock: pass `now` as an argument.',
        },
        {
          selector: "CallExpression[callee.name='Date']",
          message: '`Date()` reads the clock: pass `now` as an argument.',
        },
      ],
    },
  },
);
