#!/usr/bin/env node
// npm run bench: weight, first render, scaling and server throughput of article-widgets, beside the
// physical limit (the same article as static HTML) and the peers, every compared figure measured in
// this run. Prints the tables and writes bench/results/latest.json and bench/results/latest.md.
// Medians and ratios only: nothing here passes or fails on a timing.
//
//   node bench/run.mjs            the full run: 21 fresh loads per variant and profile for the seed
//                                 article, 11 at 10× and 100× paragraphs (about 6-7 minutes here)
//   node bench/run.mjs --quick    3 loads each, written to bench/results/quick.*.tmp instead
//   BENCH_LOADS=31 BENCH_SCALE_LOADS=21 node bench/run.mjs   (21 at every scale: about 9 minutes)
//   BENCH_ONLY=weight,browser,server node bench/run.mjs   (any subset)
//   CHROMIUM_PATH=/path/to/chrome node bench/run.mjs      (default /usr/bin/chromium)
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { measureWeight } from './lib/weight.mjs';
import { runBrowser, PROFILES, VARIANTS } from './lib/pages.mjs';
import { runServerBench } from './lib/server-bench.mjs';
import { table, ms, x, rps, kb } from './lib/stats.mjs';

const benchDir = new URL('.', import.meta.url).pathname.replace(/\/$/, '');
const root = join(benchDir, '..');
const quick = process.argv.includes('--quick');
const loads = Number(process.env.BENCH_LOADS) || (quick ? 3 : 21);
// The 10× and 100× rows: fewer loads keep the whole `npm run bench` well under 10 minutes on 2 cores
// (21 there too takes about 9); their slow-4G medians repeat closely, the loopback ones are noisier.
const scaleLoads = Number(process.env.BENCH_SCALE_LOADS) || (quick ? 3 : 11);
const loadsFor = (factor) => (factor === 1 ? loads : scaleLoads);
const renderIterations = quick ? 5 : 21;
const bigRenderIterations = quick ? 3 : 9; // 100× paragraphs and 1,000 replies: each takes up to a second at 4× CPU
const only = new Set((process.env.BENCH_ONLY || 'weight,browser,server').split(',').map((s) => s.trim()));
const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const scales = [1, 10, 100];
const seedPath = join(root, 'demo/articles/digital-sovereignty.json');
const started = performance.now();
const progress = (msg) => console.error(`▸ [${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${msg}`);

if (!existsSync(join(root, 'dist/article-widgets.js'))) {
  console.error('dist/article-widgets.js is missing: run `npm run build` first (npm run bench does).');
  process.exit(1);
}
if (only.has('browser') && !existsSync(executablePath)) {
  console.error(`No Chromium at ${executablePath}: install it (apt-get install chromium) or set CHROMIUM_PATH.`);
  process.exit(1);
}

const git = (...args) => {
  try {
    return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
};
const version = (dir) => {
  try {
    return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
};

const results = {
  date: new Date().toISOString(),
  command: 'npm run bench',
  commit: git('rev-parse', '--short', 'HEAD'),
  dirty: git('status', '--porcelain') ? true : false,
  machine: {
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: process.platform,
  },
  // Other work on the machine skews every figure: the 1-minute load average before and after the run.
  loadAverage: { before: Math.round(loadavg()[0] * 100) / 100, after: null },
  packages: {
    'playwright-core': version(join(benchDir, 'node_modules/playwright-core')),
    giscus: version(join(benchDir, 'node_modules/giscus')),
    lit: version(join(benchDir, 'node_modules/lit')),
    '@waline/client': version(join(benchDir, 'node_modules/@waline/client')),
    artalk: version(join(benchDir, 'node_modules/artalk')),
    esbuild: version(join(root, 'node_modules/esbuild')),
    hono: version(join(root, 'node_modules/hono')),
    'better-sqlite3': version(join(root, 'node_modules/better-sqlite3')),
  },
  settings: {
    loads,
    scaleLoads,
    renderIterations,
    bigRenderIterations,
    scales,
    profiles: PROFILES,
    variants: VARIANTS.map((v) => ({ id: v.id, label: v.label, baseline: !!v.baseline })),
  },
  notes: [],
};

// 1. Weight ------------------------------------------------------------------------------------
let weight = null;
const needWeight = only.has('weight') || only.has('browser'); // the browser part serves the <reply-list> bundle
if (needWeight) {
  progress('weight: measuring dist/ and bundling each element and the peers');
  weight = await measureWeight({ root, benchDir });
  results.notes.push(...weight.notes);
  if (only.has('weight')) results.weight = weight.rows;
}

// 2 + 3. First render, scaling, render time -----------------------------------------------------
if (only.has('browser')) {
  const rl = weight.elementBundles['reply-list'];
  const replyList = rl
    ? { outdir: rl.outdir, count: 1000 }
    : { skipped: 'src/components/reply-list/define.ts does not exist (or did not bundle) in this checkout: row skipped.' };
  progress(
    `browser: ${loads} fresh loads per variant and profile at 1×, ${scaleLoads} at ${scales.slice(1).join('×, ')}× (${executablePath})`,
  );
  results.browser = await runBrowser({
    root,
    seedPath,
    firstLoad: weight.ourFirstLoad,
    lazy: weight.ourLazy,
    scales,
    loadsFor,
    renderIterations,
    bigRenderIterations,
    replyList,
    onProgress: progress,
    executablePath,
  });
}

// 4. Server ------------------------------------------------------------------------------------
if (only.has('server')) {
  progress('server: reference server (SQLite) and a bare Hono endpoint on 127.0.0.1');
  results.server = await runServerBench({ root, concurrency: 16, onProgress: progress });
}

if (weight) for (const b of Object.values(weight.elementBundles)) rmSync(b.outdir, { recursive: true, force: true });
results.seconds = Math.round((performance.now() - started) / 1000);
results.loadAverage.after = Math.round(loadavg()[0] * 100) / 100;

// Report -----------------------------------------------------------------------------------------
const sections = [];
const add = (title, t, notes = []) => sections.push({ title, ...t, notes });

if (results.weight) {
  add(
    'Weight (bytes; gzip -9, brotli q11, each file compressed on its own)',
    table(
      ['module', 'raw', 'gzip', 'brotli', 'ours/peer gzip'],
      results.weight.map((r) => [r.name, r.raw, r.gzip, r.brotli, r.ratioGzip != null ? x(r.ratioGzip) : '']),
    ),
    [
      '"ours" in the ratio = the first row: what a page with the script tag loads before the element can run.',
      'Peers: ' +
        results.weight
          .filter((r) => r.group === 'peer')
          .map((r) => r.files.join(' + '))
          .join('; ') +
        '.',
    ],
  );
}

if (results.browser) {
  const b = results.browser;
  const rows = [];
  for (const fr of b.firstRender) {
    for (const v of fr.variants) {
      rows.push([
        fr.profile === 'loopback' ? 'loopback' : 'slow-4G',
        `${fr.factor}× (${fr.paragraphs} ¶), n=${fr.loads}`,
        v.label,
        ms(v.fcp),
        ms(v.h1),
        x(v.fcpRatio),
        x(v.h1Ratio),
        ms(v.loafMedian),
        kb(v.transfer),
      ]);
    }
  }
  add(
    `First render and scaling (${b.browser}; medians of n fresh loads)`,
    table(['network', 'article', 'page', 'FCP ms', 'h1 ms', 'FCP / (a)', 'h1 / (a)', 'longest frame ms', 'transferred'], rows, [
      'l',
      'l',
      'l',
      'r',
      'r',
      'r',
      'r',
      'r',
      'r',
    ]),
    [
      "FCP: first-contentful-paint. h1: the article title's <h1> with its text in the DOM (light DOM or open shadow root), performance.now() from navigation start.",
      `longest frame: the longest ${b.firstRender[0]?.variants[0]?.loafType ?? 'long-animation-frame'} entry during the load (median over loads; 0 = none over 50 ms).`,
      'slow-4G: CDP Network.emulateNetworkConditions 150 ms latency, 1.6 Mbps down, 750 Kbps up, and Emulation.setCPUThrottlingRate 4.',
      "Scaled articles repeat the seed's body; copies after the first have each paragraph's words shuffled so compression cannot collapse them.",
    ],
  );
  // The critical path, as the browser saw it: what (b) and (c) fetched and when, on one slow-4G load.
  const slow = b.firstRender.find((f) => f.profile === 'slow4g' && f.factor === 1);
  const waterfallNotes = [];
  for (const v of slow?.variants.filter((vv) => !vv.baseline) ?? []) {
    const w = (v.waterfall ?? []).map((e) => `${e.name.split('/').pop()} ${e.start}–${e.end}`).join(', ');
    if (w)
      waterfallNotes.push(
        `${v.label.split(' ')[0]} on slow-4G, first counted load, ms from navigation start: ${w}; h1 at ${Math.round(v.samples[0]?.h1 ?? 0)}.`,
      );
  }
  sections.at(-1).notes.push(...waterfallNotes);
  const rr = [];
  for (const r of b.render.article)
    rr.push([`<article-view>, article property`, `${r.factor}× (${r.paragraphs} ¶)`, `${r.cpu}×`, ms(r.total), ms(r.render), ms(r.layout)]);
  if (b.render.replyList?.results) {
    for (const r of b.render.replyList.results) {
      rr.push([
        `<reply-list>, replies property`,
        `${b.render.replyList.count} replies (${b.render.replyList.threaded} answers)`,
        `${r.cpu}×`,
        r.error ? `error: ${r.error}` : ms(r.total),
        ms(r.render),
        ms(r.layout),
      ]);
    }
  } else if (b.render.replyList?.skipped) {
    rr.push(['<reply-list>, replies property', '1000 replies', '–', 'skipped', '', '']);
    results.notes.push(`<reply-list>: ${b.render.replyList.skipped}`);
  }
  add(
    `Render time (median of ${renderIterations} fresh elements; of ${bigRenderIterations} at 100× and for <reply-list>)`,
    table(['element', 'data', 'CPU', 'set → rendered ms', 'Lit update ms', '+ style/layout ms'], rr, ['l', 'l', 'r', 'r', 'r', 'r']),
    [
      'set → rendered: from setting the property to `article-load` (<article-view>: includes validating the article) or `updateComplete` (<reply-list>).',
      "Lit update: the element's own update() that rendered the data (template → DOM). + style/layout: a forced layout right after.",
    ],
  );
  // Where the goals of issue 5 stand (informational; no verdict, no exit code).
  const fr = (profile, factor) => b.firstRender.find((f) => f.profile === profile && f.factor === factor);
  const v = (profile, factor, id) => fr(profile, factor)?.variants.find((vv) => vv.id === id);
  const seedRender = b.render.article.find((r) => r.cpu === 1 && r.factor === 1);
  const all = (profile, factor, key) =>
    ['fetch', 'preload', 'ssr', 'light'].map((id, i) => `(${'bcde'[i]}) ${x(v(profile, factor, id)?.[key])}`).join(', ');
  const frames = (profile, factor) =>
    ['fetch', 'ssr', 'light']
      .map((id) => `(${{ fetch: 'b', ssr: 'd', light: 'e' }[id]}) ${ms(v(profile, factor, id)?.loafMedian)} ms`)
      .join(', ');
  const goals = [
    ['FCP vs static, loopback', '≤ 1.30×', all('loopback', 1, 'fcpRatio')],
    ['FCP vs static, slow-4G', '≤ 1.60×', all('slow4g', 1, 'fcpRatio')],
    ['FCP vs static, 100× paragraphs, slow-4G', '≤ 2×', all('slow4g', 100, 'fcpRatio')],
    ['title painted vs static, 1× / 100×, slow-4G', '', `1×: ${all('slow4g', 1, 'h1Ratio')}; 100×: ${all('slow4g', 100, 'h1Ratio')}`],
    [
      'render of the seed article (1× CPU)',
      '< 5 ms',
      `${ms(seedRender?.total)} ms set → rendered, ${ms(seedRender?.render)} ms Lit update`,
    ],
    ['longest frame at 10× paragraphs', '≤ 50 ms', `loopback ${frames('loopback', 10)}; slow-4G ${frames('slow4g', 10)}`],
  ];
  add('Where the goals of issue 5 stand (medians from the tables above)', table(['goal', 'target', 'now'], goals, ['l', 'l', 'l']));
}

if (results.server) {
  const s = results.server;
  const p = s.phases;
  const row = (name, ph, base) => [
    name,
    ph.requests,
    ph.seconds,
    rps(ph.perSecond),
    ms(ph.p50),
    ms(ph.p99),
    base ? x(Math.round((ph.perSecond / base.perSecond) * 100) / 100) : '1.00×',
  ];
  add(
    `Server (Node ${process.version}, ${s.concurrency} requests in flight, 127.0.0.1)`,
    table(
      ['endpoint', 'requests', 's', 'req/s', 'p50 ms', 'p99 ms', 'vs bare'],
      [
        row('bare Hono GET /noop → {}', p.noopGet),
        row('bare Hono POST /noop (reads body) → {}', p.noopPost),
        row('POST /api/articles/:id/replies (201, SQLite)', p.post, p.noopPost),
        row('GET /api/articles/:id/replies?limit=50', p.read, p.noopGet),
      ],
    ),
    [
      `Real server: createApp + openSqliteStore on a fresh SQLite file (${s.sqlite}), moderation "publish", rateLimitMs 0; ${s.repliesInDatabase} replies in the database when reads ran.`,
      'POST ratio against the bare POST, GET ratio against the bare GET. Each phase: warm-up of 200 requests, then N requests or T seconds, whichever first.',
    ],
  );
}

const header = `bench: ${results.date}, commit ${results.commit}${results.dirty ? ' + uncommitted changes' : ''}, ${results.machine.cores} × ${results.machine.cpu}, Node ${results.machine.node}, ${results.seconds} s (load average ${results.loadAverage.before} before, ${results.loadAverage.after} after)`;
let text = `${header}\n`;
let md = `<!-- written by \`npm run bench\` (bench/run.mjs); paste into the README's Performance section -->\n\n${header.replace(/^bench: /, 'Measured ')}. Command: \`npm run bench\`.\n`;
for (const s of sections) {
  text += `\n${s.title}\n${s.text}\n${s.notes.map((n) => `  · ${n}`).join('\n')}${s.notes.length ? '\n' : ''}`;
  md += `\n#### ${s.title.replace(/</g, '&lt;')}\n\n${s.markdown.replace(/^\| {3}/gm, '| ↳ ')}\n${s.notes.length ? `\n${s.notes.map((n) => `- ${n.replace(/</g, '&lt;')}`).join('\n')}\n` : ''}`;
}
if (results.notes.length) {
  text += `\nNotes\n${results.notes.map((n) => `  · ${n}`).join('\n')}\n`;
  md += `\nNotes:\n\n${results.notes.map((n) => `- ${n.replace(/</g, '&lt;')}`).join('\n')}\n`;
}
console.log(text);

const out = join(benchDir, 'results');
mkdirSync(out, { recursive: true });
const [jsonFile, mdFile] = quick ? ['quick.json.tmp', 'quick.md.tmp'] : ['latest.json', 'latest.md'];
writeFileSync(join(out, jsonFile), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(join(out, mdFile), md);
console.log(`written: bench/results/${jsonFile}, bench/results/${mdFile}`);
