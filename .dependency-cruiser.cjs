/**
 * Module boundaries from STYLE.md. A lib's src/index.ts is its only public door; apps compose libs and never import
 * each other; libs/testing is for test files only.
 */
const lib = (name) => `^libs/${name}/`;
/** For each lib, the libs it may import besides itself. */
const allowed = {
  platform: [],
  contracts: [],
  staff: ['contracts', 'platform'],
  cases: ['contracts', 'platform'],
  metrics: ['contracts', 'platform'],
  statistics: ['contracts', 'platform'],
  queueing: ['contracts', 'platform'],
  agents: ['contracts', 'platform'],
  assignment: ['agents', 'queueing', 'contracts', 'platform'],
  callbacks: ['queueing', 'contracts', 'platform'],
  chat: ['contracts', 'platform'],
  telephony: ['contracts', 'platform'],
  simulation: ['assignment', 'queueing', 'agents', 'callbacks', 'metrics', 'contracts', 'platform'],
};
const libRules = Object.entries(allowed).map(([name, deps]) => ({
  name: `lib-${name}-imports`,
  comment: `libs/${name} may import only: ${deps.join(', ') || 'nothing of ours'}`,
  severity: 'error',
  from: { path: lib(name), pathNot: '\\.(spec|int-spec|e2e-spec)\\.ts$' },
  to: { path: '^libs/([^/]+)/', pathNot: [lib(name), ...deps.map(lib)] },
}));

/**
 * The planner must play Tuki's own routing and callback rules, never a copy: its simulation has to import them (issue
 * 10). A copy would pass every other check and drift from production unnoticed.
 */
const plannerImports = ['assignment', 'callbacks'].map((name) => ({
  name: `planner-imports-${name}`,
  comment: `libs/simulation's simulated helpline must import @tuki/${name}, not a copy of its rules`,
  severity: 'error',
  module: { path: '^libs/simulation/src/planner/simulated-helpline\\.ts$' },
  to: { path: `^libs/${name}/src/index\\.ts$` },
}));

module.exports = {
  required: plannerImports,
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'apps-do-not-import-apps',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'libs-do-not-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'only-through-index-from-apps',
      comment: 'Import a lib through @tuki/<lib> (its src/index.ts), never a path inside it.',
      severity: 'error',
      from: { path: '^(apps|test)/' },
      to: { path: '^libs/[^/]+/src/(?!index\\.ts$)' },
    },
    {
      name: 'only-through-index-across-libs',
      comment: 'Import another lib through @tuki/<lib> (its src/index.ts), never a path inside it.',
      severity: 'error',
      from: { path: '^libs/([^/]+)/' },
      to: { path: '^libs/[^/]+/src/(?!index\\.ts$)', pathNot: '^libs/$1/' },
    },
    {
      name: 'testing-only-from-tests',
      severity: 'error',
      from: { pathNot: ['\\.(spec|int-spec|e2e-spec|scale-spec)\\.ts$', '^libs/testing/', '^test/'] },
      to: { path: '^libs/testing/' },
    },
    ...libRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '(^dist/|^apps/web/)' },
  },
};
