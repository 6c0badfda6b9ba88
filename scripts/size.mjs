// Size budgets, enforced by `npm test` (and so by CI). Measures the built files, gzip -9 and brotli:
//   - dist/article-widgets.js, the script-tag bundle of every element: at most 25 KB gzip, and one
//     request (it must import no chunk statically: the first paint waits for no second file)
//   - <article-view> + <tag-list> on their own (bundled from their define module): at most 15 KB gzip
//   - what loads on demand (validation, format adapters, the HTML sanitizer) is counted separately.
// Prints a table; exits 1 when a budget is exceeded. Run `npm run build` first.
import { rmSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { bundleEntry, measureFiles, moduleGraph } from './weight.mjs';

const root = new URL('..', import.meta.url).pathname;
const KB = 1000;
const rows = [];
const budgets = [];
const add = (name, files, budget) => {
  const size = measureFiles(files, root);
  rows.push({ name, ...size, budget });
  if (budget) budgets.push({ name, gzip: size.gzip, budget });
};

const bundle = moduleGraph(join(root, 'dist/article-widgets.js'));
add('dist/article-widgets.js (all elements, script tag)', bundle.first, 25 * KB);
add(`  + on demand: ${bundle.lazy.length} chunks (validation, adapters, sanitizer)`, bundle.lazy);
if (bundle.first.length > 1) {
  const extra = bundle.first
    .slice(1)
    .map((f) => relative(root, f))
    .join(', ');
  console.error(`dist/article-widgets.js imports ${extra} statically: the first paint must be one request`);
  process.exit(1);
}

const perElement = [
  ['<article-view> + <tag-list>', 'src/components/article-view/define.ts', 15 * KB],
  ['<tag-list>', 'src/components/tag-list/define.ts'],
  ['<reply-form>', 'src/components/reply-form/define.ts'],
  ['<reply-list>', 'src/components/reply-list/define.ts'],
];
for (const [name, entry, budget] of perElement) {
  if (!existsSync(join(root, entry))) continue;
  const { outdir, first } = await bundleEntry(join(root, entry));
  add(`${name} alone (first load)`, first, budget);
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
