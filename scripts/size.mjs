// Size budgets, enforced by `npm test` (and so by CI). Measures the built files, gzip -9 and brotli:
//   - dist/article-widgets.js, the script-tag bundle of every element: at most 25 KB gzip
//   - <article-view> + <tag-list> on their own (bundled from their define module): at most 15 KB gzip
//   - what loads on demand (validation, format adapters, the HTML sanitizer) is counted separately.
// Prints a table; exits 1 when a budget is exceeded. Run `npm run build` first.
import { readFileSync, readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const KB = 1000;
const measure = (file) => {
  const raw = readFileSync(file);
  return {
    raw: raw.length,
    gzip: gzipSync(raw, { level: 9 }).length,
    brotli: brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
};

/**
 * Bundles an entry the way a site's bundler would (minified, on-demand imports split off) and returns
 * the files a page loads before the element can run: the entry and every chunk it imports statically.
 */
async function bundle(entry) {
  const outdir = mkdtempSync(join(tmpdir(), 'aw-size-'));
  const result = await build({ entryPoints: { entry: join(root, entry) }, outdir, bundle: true, splitting: true, format: 'esm',
    minify: true, target: 'es2022', platform: 'browser', metafile: true, logLevel: 'error', legalComments: 'none',
    absWorkingDir: root });
  const outputs = result.metafile.outputs;
  const start = Object.keys(outputs).find((f) => f.endsWith('/entry.js'));
  const firstLoad = new Set();
  const visit = (file) => {
    if (firstLoad.has(file)) return;
    firstLoad.add(file);
    for (const i of outputs[file].imports) if (i.kind === 'import-statement') visit(i.path);
  };
  visit(start);
  return { outdir, files: [...firstLoad].map((f) => join(root, f)) };
}

/** One file's sizes, or the sum of several files' (each compressed on its own, as served). */
const measureAll = (files) =>
  files.map(measure).reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli }));

const rows = [];
const budgets = [];
const add = (name, files, budget) => {
  const size = measureAll([files].flat());
  rows.push({ name, ...size, budget });
  if (budget) budgets.push({ name, gzip: size.gzip, budget });
};

add('dist/article-widgets.js (all elements, script tag)', join(root, 'dist/article-widgets.js'), 25 * KB);
const chunksDir = join(root, 'dist/chunks');
const lazy = readdirSync(chunksDir).filter((f) => f.endsWith('.js'));
let lazyTotal = { raw: 0, gzip: 0, brotli: 0 };
for (const f of lazy) {
  const s = measure(join(chunksDir, f));
  for (const k of Object.keys(lazyTotal)) lazyTotal[k] += s[k];
}
rows.push({ name: `  + on demand: ${lazy.length} chunks (validation, adapters, sanitizer)`, ...lazyTotal });
const statics = [...readFileSync(join(root, 'dist/article-widgets.js'), 'utf8').matchAll(/from\s*"(\.\/chunks\/[^"]+)"/g)];
if (statics.length) {
  console.error(`dist/article-widgets.js imports ${statics.map((m) => m[1]).join(', ')} statically: the first paint must be one request`);
  process.exit(1);
}

const perElement = [
  ['<article-view> + <tag-list>', 'src/components/article-view/define.ts', 15 * KB],
  ['<tag-list>', 'src/components/tag-list/define.ts'],
  ['<reply-form>', 'src/components/reply-form/define.ts'],
  ['<reply-list>', 'src/components/reply-list/define.ts'],
];
for (const [name, entry, budget] of perElement) {
  try {
    readFileSync(join(root, entry));
  } catch {
    continue;
  }
  const { outdir, files } = await bundle(entry);
  add(`${name} alone (first load)`, files, budget);
  rmSync(outdir, { recursive: true, force: true });
}

const pad = (v, n) => String(v).padStart(n);
console.log(`${'module'.padEnd(62)}${pad('raw', 9)}${pad('gzip', 9)}${pad('brotli', 9)}${pad('budget', 9)}`);
for (const r of rows) {
  console.log(`${r.name.padEnd(62)}${pad(r.raw, 9)}${pad(r.gzip, 9)}${pad(r.brotli, 9)}${pad(r.budget ? `${r.budget / KB} KB` : '', 9)}`);
}
const over = budgets.filter((b) => b.gzip > b.budget);
for (const b of over) console.error(`size budget exceeded: ${b.name}: ${b.gzip} B gzip > ${b.budget} B`);
if (over.length) process.exit(1);
console.log(`size budgets: ${budgets.length} checked, all within budget`);
