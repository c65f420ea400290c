import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Lint: typescript-eslint's recommended rules plus the house rules of docs/style (domain purity, no console). */
export default tseslint.config(
  { ignores: ['node_modules/', '.next/', '.next-*/', 'generated/', '.sentinel/', 'test-results/', 'playwright-report/', 'next-env.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', fetch: 'readonly', performance: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', NodeJS: 'readonly' } },
    rules: {
      'no-console': 'error',
      'no-empty': ['error', { allowEmptyCatch: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // domain/ is pure: no I/O, no frameworks, no hidden clock or randomness
    files: ['domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['node:*', 'fs', 'path', 'os', 'child_process', 'net', 'http', 'https', 'crypto'], message: 'domain/ does no I/O: move this to adapters/' },
          { group: ['@prisma/*', 'prisma', '@/generated/*', 'pg', 'ccxt', 'next', 'next/*', 'react', 'pino', '@/adapters/*', '@/server/*', '@/worker/*'], message: 'domain/ imports no framework, database or adapter' },
        ],
      }],
      'no-restricted-properties': ['error',
        { object: 'Date', property: 'now', message: 'take `now` as a parameter (a Clock), never read the wall clock in domain/' },
        { object: 'Math', property: 'random', message: 'take randomness as a parameter in domain/' }],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'take `now` as a parameter, never `new Date()` in domain/' }],
    },
  },
);
