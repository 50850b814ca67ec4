// Nest 12 is ESM-only; on Node 20 Jest runs in CommonJS mode, so these ESM-only packages are
// transformed by SWC like our own code. Run with --experimental-vm-modules (see package.json):
// PGlite's CommonJS build uses a dynamic import().
const ESM_ONLY = [
  '@nestjs',
  'file-type',
  'uint8array-extras',
  'token-types',
  'strtok3',
  '@tokenizer',
  '@borewit',
  'content-disposition',
  'cookie',
  'quick-lru',
  'load-esm',
];
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];
const common = {
  transform: { '^.+\\.(t|j)s$': swc },
  transformIgnorePatterns: [`^(?!.*/node_modules/(?:${ESM_ONLY.join('|')})/).*/node_modules/`],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testEnvironment: 'node',
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'], slowTestThreshold: 30 },
    // The web app in Debian's Chromium, on the real app and database (dist/web built by npm test).
    {
      ...common,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
      slowTestThreshold: 60,
    },
    // The README's screenshots (npm run screenshots), never in npm test.
    { ...common, displayName: 'docs', testMatch: ['<rootDir>/test/browser/**/*.docs-spec.ts'] },
    // Fault tests kill and restart the built server (npm run test:faults), outside npm test.
    { ...common, displayName: 'faults', testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'] },
    // Benchmarks run only when asked for (npm run bench:scope), never in npm test. The one measured on
    // the test app in process lives with the tests (bench/ imports nothing from test/).
    {
      ...common,
      displayName: 'bench',
      testMatch: ['<rootDir>/bench/**/*.bench.ts', '<rootDir>/test/**/*.bench.ts'],
    },
  ],
  testTimeout: 60000,
};
