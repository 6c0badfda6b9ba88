// First render, scaling and render time in headless Chromium, driven by playwright-core.
//
// Every page variant is a function of one generated article; all variants of one scale are served
// by the same static server and measured interleaved (a, b, c, a, b, c, …; the order rotates each
// round) in fresh browser contexts, so drift in the machine's speed hits every variant alike.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { chromium } from 'playwright-core';
import { startStaticServer } from './server-static.mjs';
import { median, max, ratio, round } from './stats.mjs';

// ---------------------------------------------------------------------------------------------
// Network and CPU profiles.

export const PROFILES = [
  { id: 'loopback', label: 'loopback', network: null, cpu: 1 },
  {
    id: 'slow4g',
    label: 'slow-4G (150 ms, 1.6/0.75 Mbps, 4× CPU)',
    // Network.emulateNetworkConditions takes bytes per second.
    network: { offline: false, latency: 150, downloadThroughput: (1.6 * 1000 * 1000) / 8, uploadThroughput: (750 * 1000) / 8 },
    cpu: 4,
  },
];

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

// ---------------------------------------------------------------------------------------------
// The article at 1×, 10×, 100× its paragraphs.

/** A seeded PRNG (mulberry32), so every run serves the same bytes. */
function prng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The seed with its body repeated `factor` times. Copies after the first have the words of each
 * paragraph shuffled (seeded): verbatim copies would shrink to almost nothing under gzip/brotli,
 * which no real long article does, and the slow-4G figures would then measure nothing.
 */
export function scaleArticle(seed, factor) {
  if (factor === 1) return seed;
  const random = prng(factor);
  const shuffle = (text) => {
    const words = text.split(' ');
    for (let i = words.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [words[i], words[j]] = [words[j], words[i]];
    }
    return words.join(' ');
  };
  const body = [];
  for (let copy = 0; copy < factor; copy++) {
    for (const block of seed.body) {
      if (copy === 0) body.push(block);
      else if (block.type === 'paragraph') body.push({ ...block, text: shuffle(block.text) });
      else if (block.type === 'quote') body.push({ ...block, text: shuffle(block.text) });
      else if (block.type === 'list') body.push({ ...block, items: block.items.map(shuffle) });
      else body.push(block);
    }
  }
  return { ...seed, body };
}

// ---------------------------------------------------------------------------------------------
// Pages.

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The host page every variant shares: the same head, the same width, no content of its own. */
function shell({ title, head = '', body }) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>body{margin:0 auto;max-width:46rem;padding:1rem;font:16px/1.6 system-ui,sans-serif;color:#222;background:#fff}</style>
${head}</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

function staticBlock(block) {
  switch (block.type) {
    case 'paragraph':
      return `<p>${esc(block.text)}</p>`;
    case 'heading':
      return `<h${block.level}>${esc(block.text)}</h${block.level}>`;
    case 'quote':
      return `<blockquote><p>${esc(block.text)}</p>${block.cite ? `<footer>— <cite>${esc(block.cite)}</cite></footer>` : ''}</blockquote>`;
    case 'list': {
      const tag = block.ordered ? 'ol' : 'ul';
      return `<${tag}>${block.items.map((i) => `<li>${esc(i)}</li>`).join('')}</${tag}>`;
    }
    case 'html':
      return `<div class="html">${block.html}</div>`; // the seed's own, trusted content
    default:
      return '';
  }
}

/** The article as plain server-printed HTML, with the same structure `<article-view>` renders. */
export function staticArticle(a) {
  const crumbs = a.breadcrumbs?.length
    ? `<nav aria-label="Breadcrumb"><ol>${a.breadcrumbs
        .map((c, i, all) =>
          i === all.length - 1
            ? `<li><span aria-current="page">${esc(c.label)}</span></li>`
            : `<li>${c.url ? `<a href="${esc(c.url)}">${esc(c.label)}</a>` : esc(c.label)}</li>`,
        )
        .join('')}</ol></nav>`
    : '';
  const dates = a.published ? `<p class="dates">Published <time datetime="${esc(a.published)}">${esc(a.published)}</time></p>` : '';
  const authors = a.authors?.length
    ? `<p><span class="label">Written by:</span> ${a.authors.map((au) => `<span>${esc(au.name)}</span>${au.description ? `, ${esc(au.description)}` : ''}`).join(', ')}</p>`
    : '';
  const contact = a.contact
    ? `<p><span class="label">Contact:</span> ${a.contact.url ? `<a href="${esc(a.contact.url)}">${esc(a.contact.url)}</a>` : esc(a.contact.label)}</p>`
    : '';
  const sections = (a.sections ?? [])
    .map(
      (s, i) =>
        `<section aria-labelledby="section-${i}"><h2 id="section-${i}">${esc(s.heading)}</h2>${s.blocks.map(staticBlock).join('\n')}</section>`,
    )
    .join('\n');
  const tags = a.tags?.length
    ? `<p>Tagged: ${a.tags.map((t) => `<span class="tag">${esc(typeof t === 'string' ? t : (t.label ?? t.name ?? ''))}</span>`).join(' ')}</p>`
    : '';
  return `<style>article h1{font-size:2em;line-height:1.2}nav ol{display:flex;gap:.5em;list-style:none;padding:0;margin:0}.dates,.label{color:#555}.tag{border:1px solid #ccc;border-radius:6px;padding:0 .4em}</style>
<article lang="${esc(a.lang ?? 'en')}">
${crumbs}
<h1>${esc(a.title)}</h1>
${dates}
<div class="body">
${a.body.map(staticBlock).join('\n')}
</div>
${authors || contact ? `<address>${authors}${contact}</address>` : ''}
${sections}
${tags}
</article>`;
}

/**
 * THE HOOK: the page variants compared, in order. The first with `baseline: true` is the
 * denominator of every ratio. To add one (server-rendered declarative shadow DOM, light-DOM
 * children upgraded by the module, inline JSON, …) append an object here:
 *   id       short name used in the JSON results
 *   label    what the table shows
 *   page(ctx) → the HTML of the page. ctx: { article, title, json: URL of the article JSON,
 *            bundle: URL of dist/article-widgets.js, firstLoad: URLs of the bundle and its static
 *            imports, root: the repository root, factor: 1 | 10 | 100 }
 *   files(ctx) → optional { path: body } of extra files served beside the page
 *   available(ctx) → optional; return a string (the reason) to skip the variant in this run
 * The h1 probe finds the title in the light DOM and in open shadow roots (attachShadow'ed or
 * declarative), so any of those variants is measured the same way.
 */
export const VARIANTS = [
  {
    id: 'static',
    label: '(a) static HTML (physical limit)',
    baseline: true,
    page: (ctx) => shell({ title: ctx.title, body: staticArticle(ctx.article) }),
  },
  {
    id: 'fetch',
    label: '(b) <article-view src> + script-tag bundle',
    page: (ctx) =>
      shell({
        title: ctx.title,
        head: `<script type="module" src="${ctx.bundle}"></script>\n`,
        body: `<article-view src="${ctx.json}"></article-view>`,
      }),
  },
  {
    id: 'preload',
    label: '(c) (b) + modulepreload + preload JSON',
    page: (ctx) =>
      shell({
        title: ctx.title,
        head:
          ctx.firstLoad.map((u) => `<link rel="modulepreload" href="${u}">\n`).join('') +
          `<link rel="preload" as="fetch" crossorigin href="${ctx.json}">\n<script type="module" src="${ctx.bundle}"></script>\n`,
        body: `<article-view src="${ctx.json}"></article-view>`,
      }),
  },
  {
    // The reference server's GET /articles/:id: the article in declarative shadow DOM from
    // renderArticlePage (dist/ssr/render.js), hydrated by the bundle from `src` after first paint.
    id: 'ssr',
    label: '(d) server-rendered (declarative shadow DOM) + hydration',
    available: (ctx) => (ctx.ssr ? undefined : 'dist/ssr/render.js not built'),
    page: (ctx) => ctx.ssr,
  },
  {
    // Zero build: the CMS prints the article's HTML inside <article-view>; the bundle adopts it.
    id: 'light',
    label: '(e) article HTML as light-DOM children, upgraded by the bundle',
    page: (ctx) =>
      shell({
        title: ctx.title,
        head: `<script type="module" src="${ctx.bundle}"></script>\n`,
        body: `<article-view>\n${lightArticle(ctx.article)}\n</article-view>`,
      }),
  },
];

/** The article as a CMS prints it, for the light-DOM variant: the static page's markup without its own styles. */
function lightArticle(a) {
  return staticArticle(a)
    .replace(/^<style>[^<]*<\/style>\n/, '')
    .replace(/^<article[^>]*>|<\/article>$/g, '');
}

// ---------------------------------------------------------------------------------------------
// The probe injected into every page before any of its own script.

function probeScript(title) {
  return `(() => {
  const TITLE = ${JSON.stringify(title.slice(0, 40))};
  const r = { h1: null, fcp: null, load: null, loaf: 0, loafCount: 0, longtask: 0, loafSupported: false, resources: [] };
  const roots = new Set();
  let found = false;
  const has = (root) => { const h = root.querySelector('h1'); return !!h && h.textContent.includes(TITLE); };
  const observe = (root) => { if (roots.has(root)) return; roots.add(root); mo.observe(root, { childList: true, subtree: true, characterData: true }); };
  const check = () => {
    if (found) return;
    for (const root of roots) if (has(root)) { found = true; r.h1 = performance.now(); mo.disconnect(); maybeDone(); return; }
  };
  const mo = new MutationObserver((records) => {
    // Declarative shadow roots are attached by the parser, without attachShadow: pick them up here.
    for (const rec of records) for (const n of rec.addedNodes) if (n.nodeType === 1 && n.shadowRoot) observe(n.shadowRoot);
    check();
  });
  observe(document);
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attach.call(this, init);
    if (init && init.mode === 'open') { observe(root); queueMicrotask(check); }
    return root;
  };
  // Fallback, once a frame until found: shadow roots the observers missed.
  const sweep = () => {
    if (found) return;
    for (const el of document.querySelectorAll('*')) if (el.shadowRoot) observe(el.shadowRoot);
    check();
    requestAnimationFrame(sweep);
  };
  requestAnimationFrame(sweep);

  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.name === 'first-contentful-paint') { r.fcp = e.startTime; maybeDone(); }
  }).observe({ type: 'paint', buffered: true });
  const types = PerformanceObserver.supportedEntryTypes || [];
  if (types.includes('long-animation-frame')) {
    r.loafSupported = true;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) { r.loafCount++; r.loaf = Math.max(r.loaf, e.duration); }
    }).observe({ type: 'long-animation-frame', buffered: true });
  }
  if (types.includes('longtask')) {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) r.longtask = Math.max(r.longtask, e.duration);
    }).observe({ type: 'longtask', buffered: true });
  }
  addEventListener('load', () => { r.load = performance.now(); maybeDone(); });
  let finishing = false;
  function maybeDone() {
    if (finishing || r.h1 === null || r.fcp === null || r.load === null) return;
    finishing = true;
    // Two more frames and a task, so the last long-animation-frame entries are delivered.
    requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      r.transfer = (nav ? nav.transferSize : 0);
      for (const e of performance.getEntriesByType('resource')) {
        r.transfer += e.transferSize;
        r.resources.push({ name: new URL(e.name).pathname, start: Math.round(e.startTime), end: Math.round(e.responseEnd), size: e.transferSize });
      }
      r.htmlEnd = nav ? nav.responseEnd : null;
      window.__benchDone(r);
    }, 0)));
  }
})();`;
}

// ---------------------------------------------------------------------------------------------
// Running.

async function openContext(browser, profile) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (profile.network) await cdp.send('Network.emulateNetworkConditions', profile.network);
  if (profile.cpu && profile.cpu !== 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpu });
  return { context, page, cdp };
}

/** One fresh load of `url`: a new context (empty cache, cache disabled), the profile applied. */
async function loadOnce(browser, profile, url, title, timeoutMs) {
  const { context, page } = await openContext(browser, profile);
  try {
    let resolve;
    const done = new Promise((r) => (resolve = r));
    await context.exposeBinding('__benchDone', (_source, data) => resolve(data));
    await context.addInitScript({ content: probeScript(title) });
    let timer;
    const timeout = new Promise((r) => (timer = setTimeout(() => r(null), timeoutMs)));
    await page.goto(url, { waitUntil: 'commit', timeout: timeoutMs });
    const result = await Promise.race([done, timeout]);
    clearTimeout(timer);
    return result;
  } finally {
    await context.close();
  }
}

/** Serves the bundle and the articles, writes every variant's page for every scale. */
async function stage(server, { root, seed, scales, firstLoad, lazy }) {
  const renderModule = join(root, 'dist/ssr/render.js');
  const render = existsSync(renderModule) ? await import(renderModule) : null;
  const dist = join(root, 'dist');
  // The script-tag bundle and every module it can load (statically or on demand), with source maps.
  for (const file of [...firstLoad, ...lazy]) {
    server.put(`/dist/${relative(dist, file)}`, readFileSync(file));
    if (existsSync(`${file}.map`)) server.put(`/dist/${relative(dist, file)}.map`, readFileSync(`${file}.map`));
  }
  // The seed's replies endpoint (comments are open): an empty first page, as for a new article.
  if (seed.comments?.endpoint?.startsWith('/'))
    server.put(seed.comments.endpoint, '{"replies":[],"total":0,"next":null}', 'application/json');
  const staged = {};
  for (const factor of scales) {
    const article = scaleArticle(seed.article, factor);
    const base = `/x${factor}`;
    const json = factor === 1 ? seed.text : `${JSON.stringify(article, null, 2)}\n`;
    server.put(`${base}/article.json`, json, 'application/json');
    const ctx = {
      article,
      factor,
      root,
      title: article.title,
      json: `${base}/article.json`,
      bundle: '/dist/article-widgets.js',
      firstLoad: firstLoad.map((f) => `/dist/${relative(dist, f)}`),
    };
    if (render) {
      ctx.ssr = await render.renderArticlePage(article, { src: ctx.json, scriptUrl: ctx.bundle, title: ctx.title });
    }
    staged[factor] = { ctx, jsonBytes: Buffer.byteLength(json), paragraphs: article.body.length, variants: [] };
    for (const v of VARIANTS) {
      const skip = v.available?.(ctx);
      if (typeof skip === 'string') {
        staged[factor].variants.push({ id: v.id, label: v.label, skipped: skip });
        continue;
      }
      const html = v.page(ctx);
      server.put(`${base}/${v.id}.html`, html);
      for (const [path, body] of Object.entries(v.files?.(ctx) ?? {})) server.put(path.startsWith('/') ? path : `${base}/${path}`, body);
      staged[factor].variants.push({
        id: v.id,
        label: v.label,
        baseline: !!v.baseline,
        url: `${base}/${v.id}.html`,
        htmlBytes: Buffer.byteLength(html),
      });
    }
  }
  return staged;
}

/**
 * First render at each scale and profile: `loadsFor(factor)` fresh loads per variant (plus one
 * discarded warm-up round per profile).
 */
export async function runFirstRender({ browser, server, staged, profiles, scales, loadsFor, timeoutMs = 60_000, onProgress }) {
  const results = [];
  for (const profile of profiles) {
    for (const factor of scales) {
      const s = staged[factor];
      const loads = loadsFor(factor);
      const variants = s.variants.filter((v) => !v.skipped);
      const samples = Object.fromEntries(variants.map((v) => [v.id, []]));
      const requests = {};
      const waterfall = {};
      const started = performance.now();
      // One discarded warm-up round per profile, before its first scale.
      const firstPass = factor === scales[0] ? -1 : 0;
      for (let pass = firstPass; pass < loads; pass++) {
        // Rotate the order each round, so no variant always goes first.
        const order = variants.map((_, i) => variants[(i + Math.max(pass, 0)) % variants.length]);
        for (const v of order) {
          server.takeLog();
          const r = await loadOnce(browser, profile, server.origin + v.url, s.ctx.title, timeoutMs);
          const log = server.takeLog();
          if (pass < 0) continue; // warm-up
          samples[v.id].push(r);
          if (pass === 0) {
            requests[v.id] = log.map((l) => l.path);
            waterfall[v.id] = r?.resources; // ms from navigation start: what loaded when, on the first counted load
          }
        }
      }
      const seconds = (performance.now() - started) / 1000;
      const summary = variants.map((v) => {
        const ok = samples[v.id].filter(Boolean);
        return {
          id: v.id,
          label: v.label,
          baseline: v.baseline,
          loads: samples[v.id].length,
          failed: samples[v.id].length - ok.length,
          fcp: round(median(ok.map((r) => r.fcp))),
          h1: round(median(ok.map((r) => r.h1))),
          loafMedian: round(median(ok.map((r) => (r.loafSupported ? r.loaf : r.longtask)))),
          loafMax: round(max(ok.map((r) => (r.loafSupported ? r.loaf : r.longtask)))),
          loafType: ok[0]?.loafSupported ? 'long-animation-frame' : 'longtask',
          transfer: median(ok.map((r) => r.transfer)),
          requests: requests[v.id],
          waterfall: waterfall[v.id],
          samples: ok.map((r) => ({
            fcp: round(r.fcp),
            h1: round(r.h1),
            loaf: round(r.loafSupported ? r.loaf : r.longtask),
            transfer: r.transfer,
          })),
        };
      });
      const base = summary.find((v) => v.baseline) ?? summary[0];
      for (const v of summary) {
        v.fcpRatio = ratio(v.fcp, base.fcp);
        v.h1Ratio = ratio(v.h1, base.h1);
      }
      results.push({
        profile: profile.id,
        profileLabel: profile.label,
        factor,
        loads,
        paragraphs: s.paragraphs,
        jsonBytes: s.jsonBytes,
        seconds: round(seconds),
        variants: summary,
      });
      onProgress?.(`first render: ${profile.id} ×${factor}: ${variants.length} variants × ${loads} loads in ${seconds.toFixed(0)} s`);
    }
  }
  return results;
}

// ---------------------------------------------------------------------------------------------
// Render time of the element itself, in a page that has already loaded the bundle.

/** In the page: fresh <article-view> per iteration, `article` set to the parsed JSON. */
async function articleRenderInPage({ json, iterations }) {
  const data = await (await fetch(json)).json();
  await customElements.whenDefined('article-view');
  const once = async () => {
    const el = document.createElement('article-view');
    document.body.append(el);
    await el.updateComplete;
    const updates = [];
    const update = el.update;
    el.update = function (changed) {
      const t = performance.now();
      update.call(this, changed);
      updates.push(performance.now() - t);
    };
    const loaded = new Promise((resolve) => el.addEventListener('article-load', resolve, { once: true }));
    performance.mark('bench-article-start');
    const t0 = performance.now();
    el.article = structuredClone(data);
    await loaded;
    const t1 = performance.now();
    performance.mark('bench-article-end');
    performance.measure('bench-article', 'bench-article-start', 'bench-article-end');
    void el.getBoundingClientRect().height; // style + layout of what was rendered
    const t2 = performance.now();
    el.remove();
    // The last update is the one that rendered the article (earlier ones: the loading state).
    return { total: t1 - t0, render: updates.at(-1) ?? null, layout: t2 - t1 };
  };
  // Warm-up, not counted: loads the on-demand validation chunk, compiles templates, lets the JIT settle.
  for (let i = 0; i < 3; i++) await once();
  const out = [];
  for (let i = 0; i < iterations; i++) out.push(await once());
  return out;
}

/** In the page: fresh <reply-list> per iteration, `replies` set to the list. */
async function replyListRenderInPage({ replies, iterations }) {
  await customElements.whenDefined('reply-list');
  const once = async () => {
    const el = document.createElement('reply-list');
    document.body.append(el);
    await el.updateComplete;
    const updates = [];
    const update = el.update;
    el.update = function (changed) {
      const t = performance.now();
      update.call(this, changed);
      updates.push(performance.now() - t);
    };
    performance.mark('bench-replies-start');
    const t0 = performance.now();
    el.replies = replies;
    await el.updateComplete;
    const t1 = performance.now();
    performance.mark('bench-replies-end');
    void el.getBoundingClientRect().height;
    const t2 = performance.now();
    const rendered = el.shadowRoot?.querySelectorAll('li').length ?? 0;
    el.remove();
    return { total: t1 - t0, render: updates.reduce((a, b) => a + b, 0), layout: t2 - t1, rendered };
  };
  for (let i = 0; i < 2; i++) await once(); // warm-up, not counted
  const out = [];
  for (let i = 0; i < iterations; i++) out.push(await once());
  return out;
}

/** 1,000 replies: every fourth answers an earlier one (threads up to the element's depth). */
export function makeReplies(n) {
  const random = prng(7);
  const words =
    'the mesh argues that sovereignty coordination cloud frameworks accountability security data borders regulation innovation'.split(' ');
  const start = Date.parse('2025-01-01T00:00:00Z');
  const replies = [];
  for (let i = 0; i < n; i++) {
    const len = 20 + Math.floor(random() * 40);
    const comment = Array.from({ length: len }, () => words[Math.floor(random() * words.length)]).join(' ');
    replies.push({
      id: `r${i + 1}`,
      parent: i > 0 && i % 4 === 0 ? `r${1 + Math.floor(random() * i)}` : null,
      name: `Reader ${i + 1}`,
      website: i % 3 === 0 ? `https://example.com/~reader${i + 1}` : null,
      comment: `${comment[0].toUpperCase()}${comment.slice(1)}.`,
      published: new Date(start + i * 60_000).toISOString(),
    });
  }
  return replies;
}

const summarize = (samples) => ({
  iterations: samples.length,
  total: round(median(samples.map((s) => s.total)), 2),
  render: round(median(samples.map((s) => s.render)), 2),
  layout: round(median(samples.map((s) => s.layout)), 2),
  totalMax: round(max(samples.map((s) => s.total)), 2),
});

export async function runRenderTimes({ browser, server, staged, scales, cpuRates, iterations, bigIterations, replyList, onProgress }) {
  server.put(
    '/render/article.html',
    shell({ title: 'render', head: '<script type="module" src="/dist/article-widgets.js"></script>\n', body: '' }),
  );
  const out = { article: [], replyList: null };
  for (const cpu of cpuRates) {
    for (const factor of scales) {
      const { page, context } = await openContext(browser, { cpu });
      try {
        await page.goto(`${server.origin}/render/article.html`, { waitUntil: 'load' });
        const n = factor >= 100 ? bigIterations : iterations;
        const samples = await page.evaluate(articleRenderInPage, { json: staged[factor].ctx.json, iterations: n });
        out.article.push({ cpu, factor, paragraphs: staged[factor].paragraphs, ...summarize(samples) });
      } finally {
        await context.close();
      }
    }
    onProgress?.(`render time: <article-view> at ${cpu}× CPU done`);
  }
  if (replyList.skipped) {
    out.replyList = { skipped: replyList.skipped };
    return out;
  }
  // The <reply-list> bundle made by the weight section (its define.ts, minified, split).
  for (const f of readdirSync(replyList.outdir, { recursive: true })) {
    if (f.endsWith('.js')) server.put(`/rl/${f}`, readFileSync(join(replyList.outdir, f)));
  }
  server.put('/rl/page.html', shell({ title: 'render', head: '<script type="module" src="/rl/reply-list.js"></script>\n', body: '' }));
  const replies = makeReplies(replyList.count);
  out.replyList = { count: replyList.count, threaded: replies.filter((r) => r.parent).length, results: [] };
  for (const cpu of cpuRates) {
    const { page, context } = await openContext(browser, { cpu });
    try {
      await page.goto(`${server.origin}/rl/page.html`, { waitUntil: 'load' });
      const samples = await page.evaluate(replyListRenderInPage, { replies, iterations: bigIterations });
      out.replyList.results.push({ cpu, rendered: samples[0]?.rendered, ...summarize(samples) });
    } catch (error) {
      out.replyList.results.push({ cpu, error: String(error.message).split('\n')[0] });
    } finally {
      await context.close();
    }
  }
  onProgress?.('render time: <reply-list> done');
  return out;
}

/** Everything in the browser: first render at every scale and profile, then render times. */
export async function runBrowser({
  root,
  seedPath,
  firstLoad,
  lazy,
  scales,
  loadsFor,
  renderIterations,
  bigRenderIterations,
  replyList,
  onProgress,
  executablePath,
}) {
  const text = readFileSync(seedPath, 'utf8');
  const article = JSON.parse(text);
  const server = await startStaticServer();
  const staged = await stage(server, { root, seed: { text, article, comments: article.comments }, scales, firstLoad, lazy });
  server.warm();
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  try {
    const version = browser.version();
    const firstRender = await runFirstRender({ browser, server, staged, profiles: PROFILES, scales, loadsFor, onProgress });
    const render = await runRenderTimes({
      browser,
      server,
      staged,
      scales,
      cpuRates: [1, 4],
      iterations: renderIterations,
      bigIterations: bigRenderIterations,
      replyList,
      onProgress,
    });
    const pages = Object.fromEntries(
      Object.entries(staged).map(([f, s]) => [
        f,
        {
          paragraphs: s.paragraphs,
          jsonBytes: s.jsonBytes,
          variants: s.variants.map(({ id, label, htmlBytes, skipped }) => ({ id, label, htmlBytes, skipped })),
        },
      ]),
    );
    return { browser: `Chromium ${version}`, executablePath, pages, firstRender, render };
  } finally {
    await browser.close();
    await server.close();
  }
}
