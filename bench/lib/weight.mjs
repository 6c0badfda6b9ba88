// Weight: raw, gzip -9 and brotli q11 bytes of our bundles and of the peers' browser bundles.
// Each file is compressed on its own (each is its own HTTP response); a group's figure is the sum.
import { readFileSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { measureFiles, moduleGraph, bundleEntry } from '../../scripts/weight.mjs';

/** The peers: which of their files a page loads, as installed into bench/node_modules. */
async function peerRows(benchDir) {
  const nm = join(benchDir, 'node_modules');
  const version = (pkg) => JSON.parse(readFileSync(join(nm, pkg, 'package.json'), 'utf8')).version;
  const rows = [];
  const need = (...files) => files.every((f) => existsSync(join(nm, f)));

  if (need('giscus/dist/giscus.mjs')) {
    const v = version('giscus');
    rows.push({
      name: `giscus ${v}: dist/giscus.mjs alone (imports lit)`,
      peer: 'giscus',
      comparable: false,
      ...measureFiles([join(nm, 'giscus/dist/giscus.mjs')], nm),
    });
    // giscus.mjs imports lit as a bare specifier: bundle it the way a site would ship it.
    const b = await bundleEntry(join(nm, 'giscus/dist/giscus.mjs'), 'giscus-with-lit');
    rows.push({
      name: `giscus ${v} + lit ${version('lit')} (esbuild bundle, minified); + its iframe app, not counted`,
      peer: 'giscus',
      comparable: true,
      ...measureFiles([...b.first, ...b.lazy], b.outdir),
      files: ['giscus/dist/giscus.mjs + lit (bundled by the bench)'],
    });
    rmSync(b.outdir, { recursive: true, force: true });
  }
  if (need('@waline/client/dist/waline.js', '@waline/client/dist/waline.css')) {
    rows.push({
      name: `@waline/client ${version('@waline/client')}: dist/waline.js + dist/waline.css`,
      peer: '@waline/client',
      comparable: true,
      ...measureFiles([join(nm, '@waline/client/dist/waline.js'), join(nm, '@waline/client/dist/waline.css')], nm),
    });
  }
  if (need('artalk/dist/Artalk.js', 'artalk/dist/Artalk.css')) {
    rows.push({
      name: `artalk ${version('artalk')}: dist/Artalk.js + dist/Artalk.css`,
      peer: 'artalk',
      comparable: true,
      ...measureFiles([join(nm, 'artalk/dist/Artalk.js'), join(nm, 'artalk/dist/Artalk.css')], nm),
    });
  }
  return rows;
}

/**
 * Measures everything. Returns rows and, for the pages section, the bundles it built
 * (`elementBundles[tag]` = { outdir, entry, first, lazy }).
 */
export async function measureWeight({ root, benchDir }) {
  const rows = [];
  const dist = join(root, 'dist');
  const graph = moduleGraph(join(dist, 'article-widgets.js'));
  const ours = {
    name: 'dist/article-widgets.js, script tag: entry + its static imports (first load)',
    group: 'ours',
    ...measureFiles(graph.first, root),
  };
  rows.push(ours);
  rows.push({ name: '  of which the entry file alone', group: 'ours-detail', ...measureFiles([join(dist, 'article-widgets.js')], root) });
  const allChunks = readdirSync(join(dist, 'chunks'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => join(dist, 'chunks', f));
  rows.push({
    name: `  on demand: dist/chunks/* reached only by import() (${graph.lazy.length} of ${allChunks.length} chunks)`,
    group: 'ours-lazy',
    ...measureFiles(graph.lazy, root),
  });

  const elements = [
    ['article-view', '<article-view> + <tag-list>'],
    ['tag-list', '<tag-list>'],
    ['reply-form', '<reply-form>'],
    ['reply-list', '<reply-list>'],
  ];
  const elementBundles = {};
  const notes = [];
  for (const [tag, label] of elements) {
    const src = join(root, 'src/components', tag, 'define.ts');
    if (!existsSync(src)) {
      notes.push(`${label}: src/components/${tag}/define.ts does not exist; skipped.`);
      continue;
    }
    let b;
    try {
      b = await bundleEntry(src, tag);
    } catch (error) {
      notes.push(`${label}: esbuild could not bundle src/components/${tag}/define.ts (${String(error.message).split('\n')[0]}); skipped.`);
      continue;
    }
    elementBundles[tag] = b;
    rows.push({ name: `${label} alone (define.ts bundled; first load)`, group: 'element', tag, ...measureFiles(b.first, b.outdir) });
    if (b.lazy.length)
      rows.push({ name: `  on demand (${b.lazy.length} chunks)`, group: 'element-lazy', tag, ...measureFiles(b.lazy, b.outdir) });
  }

  const peers = await peerRows(benchDir);
  for (const p of peers) {
    p.group = 'peer';
    if (p.comparable) {
      p.ratioGzip = Math.round((ours.gzip / p.gzip) * 100) / 100;
      p.ratioBrotli = Math.round((ours.brotli / p.brotli) * 100) / 100;
    }
    rows.push(p);
  }
  return { rows, notes, elementBundles, ourFirstLoad: graph.first, ourLazy: graph.lazy };
}
