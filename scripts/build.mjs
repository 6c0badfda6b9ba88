// npm run build: the script-tag bundle, per-module ES modules, type declarations,
// the JSON Schema of the article model and custom-elements.json, all into dist/.
import { execFileSync } from 'node:child_process';
import { chmodSync, rmSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';

const root = new URL('..', import.meta.url).pathname;
process.chdir(root);
const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });
const step = (name) => console.log(`\n▸ ${name}`);

rmSync('dist', { recursive: true, force: true });
mkdirSync('dist', { recursive: true });

step('script-tag bundle (vite): dist/article-widgets.js (+ dist/chunks/ loaded on demand)');
await viteBuild({ configFile: 'vite.config.ts', logLevel: 'warn' });

step('per-module ES modules (esbuild): dist/**/*.js, dependencies external');
const entryPoints = readdirSync('src', { recursive: true })
  .map((f) => `src/${f}`)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.startsWith('src/server/') && !f.startsWith('src/ssr/'));
await esbuild({ entryPoints, outdir: 'dist', outbase: 'src', format: 'esm', target: 'es2022', bundle: false, logLevel: 'warning' });

step('server renderer and CLI (esbuild, Node): dist/ssr/render.js, dist/cli.js (npx article-widgets render)');
// One build with shared chunks, so the CLI and the render module share one copy of the elements
// (one copy of each element class in the Node registry). Packages stay external:
// lit must resolve to its Node build there.
await esbuild({
  entryPoints: { 'ssr/render': 'src/ssr/render.ts', cli: 'src/ssr/cli.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  chunkNames: 'ssr/chunks/[name]-[hash]',
  logLevel: 'warning',
});
writeFileSync('dist/cli.js', `#!/usr/bin/env node\n${readFileSync('dist/cli.js', 'utf8')}`, { mode: 0o755 });
chmodSync('dist/cli.js', 0o755);

step('type declarations (tsc): dist/types');
run('npx', ['tsc', '-p', 'tsconfig.build.json']);

step('JSON Schema: dist/article.schema.json, dist/reply.schema.json');
run('node', ['--import', 'tsx', 'scripts/json-schema.ts']);

step('custom-elements.json (from JSDoc)');
run('npx', ['cem', 'analyze', '--litelement', '--globs', 'src/components/**/*.ts', '--exclude', 'src/**/*.test.ts', '--outdir', '.']);
writeFileSync('dist/.built', new Date().toISOString());
console.log('\nbuild done');
