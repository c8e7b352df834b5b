/**
 * Import rules of docs/architecture.md, checked by `npm run lint` (dependency-cruiser over src,
 * handlers, cards and db). Each layer may import its own layer and the layers listed for it; an
 * import the other way fails the build unless it is in UPWARD_IMPORTS below, by name, with why.
 */

/** Folders and files of each layer, as path patterns relative to the repository root. */
const LAYERS = {
  db: '^db/',
  core: '^src/(rules|approval|declaration|lifecycle|answer)/|^src/(audit-labels|calendar|money|config|prng|redact)\\.ts$',
  render: '^cards/|^src/documents/',
  platform: '^src/(lark|outbox|org|materials)/|^src/(context|transaction|inbound)\\.ts$',
  services: '^src/services/',
  handlers: '^handlers/|^src/commands\\.ts$',
  app: '^src/(console|sandbox)/|^src/(app|server|worker|worker-pglite-stub|runtime|scheduler|registry|metrics)\\.ts$|^src/html-document\\.tsx$',
};

/** What each layer may import besides itself (the app layer may import everything). */
const MAY_IMPORT = {
  db: [],
  core: [],
  render: ['core'],
  platform: ['db', 'core'],
  services: ['db', 'core', 'render', 'platform'],
  handlers: ['db', 'core', 'render', 'platform', 'services'],
};

/**
 * Imports allowed against the layer order, at most three, each with the reason it cannot be
 * turned around. Form: { from: 'src/file.ts', to: 'src/other.ts', why: '…' } (repository paths).
 */
const UPWARD_IMPORTS = [];
if (UPWARD_IMPORTS.length > 3) throw new Error('at most three imports may go against the layer order: turn one around');

/** Packages that tie code to a database, HTTP or Lark: the pure layers stay free of them. */
const IMPURE_PACKAGES = 'node_modules/(drizzle-orm|postgres|@electric-sql|hono|@hono|@larksuiteoapi)/';

const project = '^(src|handlers|cards|db)/';
const union = (names) => names.map((n) => `(${LAYERS[n]})`).join('|');
const exactly = (path) => `^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;

const layerRules = Object.entries(MAY_IMPORT).flatMap(([layer, below]) => {
  const allowed = union([layer, ...below]);
  const comment = `${layer} may import only ${[layer, ...below].join(', ')} (docs/architecture.md)`;
  const exceptions = UPWARD_IMPORTS.filter((u) => new RegExp(LAYERS[layer]).test(u.from));
  const excepted = [...new Set(exceptions.map((u) => u.from))];
  return [
    { name: `layer-${layer}`, comment, severity: 'error', from: { path: LAYERS[layer], pathNot: excepted.map(exactly) }, to: { path: project, pathNot: allowed } },
    ...excepted.map((from) => ({
      name: `layer-${layer}`,
      comment: `${comment}; ${exceptions.filter((u) => u.from === from).map((u) => `${u.to}: ${u.why}`).join('; ')}`,
      severity: 'error',
      from: { path: exactly(from) },
      to: { path: project, pathNot: [allowed, ...exceptions.filter((u) => u.from === from).map((u) => exactly(u.to))] },
    })),
  ];
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A module cannot reach itself through its imports (type-only imports count).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'pure-layers-stay-pure',
      comment: 'Rule cores and card builders touch no database, HTTP or Lark library.',
      severity: 'error',
      from: { path: union(['core', 'render']) },
      to: { path: IMPURE_PACKAGES },
    },
    {
      name: 'every-file-has-a-layer',
      comment: 'A new folder or top-level file of src/ gets its layer in LAYERS and docs/architecture.md.',
      severity: 'error',
      from: { path: project, pathNot: union(Object.keys(LAYERS)) },
      to: {},
    },
    ...layerRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // `import type` counts: a type-only circle is still a circle for the reader.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.generated\\.ts$' },
  },
};
