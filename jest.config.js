// Three tiers (see STYLE.md): unit specs run in parallel; integration and e2e talk to the machine's real
// PostgreSQL and Redis and run in band. SWC strips types without type-checking: `npm run typecheck` does that once.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];
const common = {
  // content-disposition 3 (under @fastify/static) ships ESM only; Node 20 can require it, Jest cannot, so SWC
  // compiles that one package to CommonJS for the tests.
  transform: { '^.+\\.ts$': swc, '/node_modules/content-disposition/.+\\.js$': swc },
  transformIgnorePatterns: ['/node_modules/(?!content-disposition/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  testEnvironment: 'node',
  moduleNameMapper: { '^@tuki/(.*)$': '<rootDir>/libs/$1/src' },
  rootDir: __dirname,
};
module.exports = {
  // Integration and e2e tests boot real servers; a global option (Jest ignores it inside projects).
  testTimeout: 60000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts'],
    },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
    // Several api and worker processes from the build, kill -9 included: minutes long, run on its own
    // (`npm run test:scale-out`), not in `npm test` until it passes (see the issue notes).
    { ...common, displayName: 'scale-out', testMatch: ['<rootDir>/test/**/*.scale-spec.ts'] },
  ],
};
