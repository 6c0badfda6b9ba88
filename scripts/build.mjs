// npm run build: the script-tag bundle, per-module ES modules, type declarations,
// the JSON Schema of the article model and custom-elements.json, all into dist/.
import { execFileSync } from 'node:child_process';
import { rmSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { build as esbuild } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
process.chdir(root);
const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });
const step = (name) => console.log(`\n▸ ${name}`);

rmSync('dist', { recursive: true, force: true });
mkdirSync('dist', { recursive: true });

step('script-tag bundle: dist/article-widgets.js (+ dist/chunks/ loaded on demand)');
// esbuild rather than vite build here: rolldown merged the on-demand modules (validation, format
// adapters) back into the entry chunk, which put ~9 KB gzip of zod on every page's first paint.
await esbuild({
  entryPoints: { 'article-widgets': 'src/define.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  chunkNames: 'chunks/[name]-[hash]',
  legalComments: 'none',
  logLevel: 'warning',
});

step('per-module ES modules (esbuild): dist/**/*.js, dependencies external');
const entryPoints = readdirSync('src', { recursive: true })
  .map((f) => `src/${f}`)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.startsWith('src/server/'));
await esbuild({ entryPoints, outdir: 'dist', outbase: 'src', format: 'esm', target: 'es2022', bundle: false, logLevel: 'warning' });

step('type declarations (tsc): dist/types');
run('npx', ['tsc', '-p', 'tsconfig.build.json']);

step('JSON Schema: dist/article.schema.json, dist/reply.schema.json');
run('node', ['--import', 'tsx', 'scripts/json-schema.ts']);

step('custom-elements.json (from JSDoc)');
run('npx', ['cem', 'analyze', '--litelement', '--globs', 'src/components/**/*.ts', '--exclude', 'src/**/*.test.ts', '--outdir', '.']);
writeFileSync('dist/.built', new Date().toISOString());
console.log('\nbuild done');
