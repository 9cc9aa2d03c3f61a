// Lint rules that keep the architecture honest (ARCHITECTURE.md §3): pure libs import no TypeORM, no BullMQ and
// no other lib; nobody reaches into another lib's internals; apps never import each other.
import tseslint from 'typescript-eslint';

const libs = ['common', 'forms', 'access', 'workflow', 'persistence', 'cases'];
const internals = {
  group: ['**/libs/*/src/**', '../../libs/**', '../../../libs/**'],
  message: 'Import a lib through its alias (@tutela/<lib>), never its internals.',
};
const noInfra = [
  { name: 'typeorm', message: 'Pure libs must not import TypeORM (use @tutela/persistence from libs/cases).' },
  { name: 'bullmq', message: 'Pure libs must not import BullMQ (queues live in libs/cases).' },
  { name: 'ioredis', message: 'Pure libs must not import Redis clients.' },
  { name: 'pg', message: 'Pure libs must not talk to PostgreSQL.' },
];
const otherLibs = (self, allowed) =>
  libs.filter((l) => l !== self && !allowed.includes(l)).map((l) => ({ name: `@tutela/${l}`, message: `${self} may not depend on ${l}.` }));

const restrict = (files, paths, patterns = [internals]) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { paths, patterns }] },
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'coverage/**', 'libs/forms/generated/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  restrict(['libs/common/src/**/*.ts'], [...noInfra, ...otherLibs('common', [])]),
  restrict(['libs/forms/src/**/*.ts'], [...noInfra, ...otherLibs('forms', ['common'])]),
  restrict(['libs/access/src/**/*.ts'], [...noInfra, ...otherLibs('access', ['common'])]),
  restrict(['libs/workflow/src/**/*.ts'], [...noInfra, ...otherLibs('workflow', ['common'])]),
  restrict(['libs/persistence/src/**/*.ts'], [
    { name: 'bullmq', message: 'persistence knows no queues.' },
    ...otherLibs('persistence', ['common']),
  ]),
  restrict(['libs/cases/src/**/*.ts'], []),
  restrict(['apps/api/**/*.ts'], [], [internals, { group: ['**/apps/worker/**', '**/worker/src/**'], message: 'apps never import each other.' }]),
  restrict(['apps/worker/**/*.ts'], [], [internals, { group: ['**/apps/api/**', '**/api/src/**'], message: 'apps never import each other.' }]),
  {
    files: ['bench/**/*.ts', 'scripts/**/*.ts', 'apps/launcher/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
