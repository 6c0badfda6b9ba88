// How much a page loads: raw, gzip -9 and brotli q11 bytes of built ES modules, following their
// imports (what loads first vs. on demand). Shared by the size budgets (scripts/size.mjs, part of
// `npm test`) and the benchmark (bench/, `npm run bench`).
import { readFileSync, mkdtempSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { dirname, join, relative, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { build } from 'esbuild';

export function measureBuffer(buf) {
  return {
    raw: buf.length,
    gzip: gzipSync(buf, { level: 9 }).length,
    brotli: brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: buf.length } })
      .length,
  };
}

/** Sums raw/gzip/brotli over files (absolute paths); `files` lists them relative to `base`. */
export function measureFiles(files, base) {
  const total = { raw: 0, gzip: 0, brotli: 0 };
  for (const f of files) {
    const s = measureBuffer(readFileSync(f));
    for (const k of Object.keys(total)) total[k] += s[k];
  }
  return { ...total, files: files.map((f) => relative(base, f)) };
}

// esbuild's minified ESM output: `import{a as b}from"./chunk.js"`, `import"./x.js"` and `import("./y.js")`.
const STATIC_IMPORT = /(?:^|[;}\n])\s*import\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']([^"']+)["']/g;
const DYNAMIC_IMPORT = /\bimport\(\s*["'`]([^"'`]+)["'`]\s*\)/g;

/**
 * Reads a built ES module and follows its relative imports: `first` is the entry plus every module
 * it imports statically (all of it is fetched before the entry runs), `lazy` is what is reachable
 * only through `import()` (fetched on demand), each with its own static closure.
 */
export function moduleGraph(entry) {
  const first = new Set();
  const lazy = new Set();
  const walk = (file, into, queueDynamic) => {
    if (first.has(file) || into.has(file)) return;
    into.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(STATIC_IMPORT)) if (m[1].startsWith('.')) walk(resolve(dirname(file), m[1]), into, queueDynamic);
    for (const m of text.matchAll(DYNAMIC_IMPORT)) if (m[1].startsWith('.')) queueDynamic.push(resolve(dirname(file), m[1]));
  };
  const dynamic = [];
  walk(entry, first, dynamic);
  while (dynamic.length) {
    const next = dynamic.shift();
    if (!first.has(next)) walk(next, lazy, dynamic);
  }
  return { first: [...first], lazy: [...lazy].filter((f) => !first.has(f)) };
}

/** Bundles `entryFile` as a site would (minified, splitting on); returns the output folder and its module graph. */
export async function bundleEntry(entryFile, name = 'entry') {
  const outdir = mkdtempSync(join(tmpdir(), 'aw-weight-'));
  await build({
    entryPoints: { [name]: entryFile },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
    chunkNames: 'chunks/[name]-[hash]',
  });
  return { outdir, entry: join(outdir, `${name}.js`), ...moduleGraph(join(outdir, `${name}.js`)) };
}
