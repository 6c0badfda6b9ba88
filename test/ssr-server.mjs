// Koa middleware for web-test-runner: pages rendered by the REAL server renderer
// (src/ssr/render.ts) and the reference server's API (src/server/app.ts) on a real SQLite file,
// under /ssr/, so the browser tests see exactly what a site would serve.
//
//   POST /ssr/articles        {replies?: [{name, comment, parent?: index}], html?: string, title?: string}
//                             a fresh copy of the seed article (its own id, so tests never share
//                             replies), with published replies and optionally an html block; {id}
//   GET  /ssr/page/:id        the article page (renderArticlePage): its JSON at /ssr/api/articles/:id,
//                             its approved replies rendered from the store. Query:
//                               script=1   load /src/define.ts (the bundle's entry) as the page's script
//                               capture=1  first thing in <head>: record console.error/warn, errors and
//                                          unhandled rejections into window.__logs
//                               nosrc=1    render without src (the page hydrates by setting `article`)
//   GET  /ssr/api/...         the reference server's API for those articles
// Responses are written directly (no dev-server caching headers).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import { tsImport } from 'tsx/esm/api';
import { seedReplies } from './helpers/seed-replies.mjs';

const seedFile = new URL('../demo/articles/digital-sovereignty.json', import.meta.url);
let ready;
let count = 0;

const CAPTURE = `<script>
window.__logs = [];
for (const level of ['error', 'warn']) {
  const original = console[level].bind(console);
  console[level] = (...args) => { window.__logs.push(level + ': ' + args.map(String).join(' ')); original(...args); };
}
addEventListener('error', (e) => window.__logs.push('uncaught: ' + e.message));
addEventListener('unhandledrejection', (e) => window.__logs.push('unhandled: ' + e.reason));
</script>`;

function init() {
  ready ??= (async () => {
    const [{ createApp }, { openSqliteStore }, render, { REPLIES_PAGE_SIZE }] = await Promise.all([
      tsImport('../src/server/app.ts', import.meta.url),
      tsImport('../src/server/sqlite.ts', import.meta.url),
      tsImport('../src/ssr/render.ts', import.meta.url),
      tsImport('../src/data/page-size.ts', import.meta.url),
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'article-widgets-ssr-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const store = await openSqliteStore(join(dir, 'replies.sqlite'));
    const app = createApp({ store, contentDir: dir, adminToken: 'wtr-ssr-token', moderation: 'publish', rateLimitMs: 0 });
    return { dir, store, render, pageSize: REPLIES_PAGE_SIZE, listener: getRequestListener(app.fetch) };
  })();
  return ready;
}

function send(ctx, status, body, type) {
  ctx.respond = false;
  const buffer = Buffer.from(body);
  ctx.res.writeHead(status, { 'Content-Type': type, 'Content-Length': buffer.length, 'Cache-Control': 'no-store' });
  ctx.res.end(buffer);
}

async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
}

async function createArticle(ctx, server) {
  const spec = await readJson(ctx.req);
  const id = `ssr${++count}-${Date.now().toString(36)}`;
  const seed = JSON.parse(readFileSync(seedFile, 'utf8'));
  delete seed.$schema;
  const article = {
    ...seed,
    id,
    ...(spec.title ? { title: spec.title } : {}),
    body: spec.html ? [...seed.body, { type: 'html', html: spec.html }] : seed.body,
    comments: { open: true, endpoint: `/ssr/api/articles/${id}/replies` },
  };
  writeFileSync(join(server.dir, `${id}.json`), JSON.stringify(article));
  const ids = await seedReplies(server.store, id, spec.replies);
  send(ctx, 201, JSON.stringify({ id, ids }), 'application/json');
}

async function page(ctx, server, id) {
  let json;
  try {
    json = JSON.parse(readFileSync(join(server.dir, `${id}.json`), 'utf8'));
  } catch {
    return send(ctx, 404, 'No such article', 'text/plain');
  }
  const { replies } = await server.store.list({ article: id, status: 'published', limit: server.pageSize, order: 'asc' });
  let html = await server.render.renderArticlePage(json, {
    src: ctx.query.nosrc === '1' ? undefined : `/ssr/api/articles/${id}`,
    scriptUrl: ctx.query.script === '1' ? '/src/define.ts' : undefined,
    replies: replies.map(({ id, parent, name, website, comment, published }) => ({ id, parent, name, website, comment, published })),
  });
  if (ctx.query.capture === '1') html = html.replace('<head>', `<head>${CAPTURE}`);
  send(ctx, 200, html, 'text/html; charset=utf-8');
}

export async function ssrServer(ctx, next) {
  if (!ctx.path.startsWith('/ssr/')) return next();
  const server = await init();
  if (ctx.method === 'POST' && ctx.path === '/ssr/articles') return createArticle(ctx, server);
  const match = /^\/ssr\/page\/([\w-]+)$/.exec(ctx.path);
  if (match) return page(ctx, server, match[1]);
  if (ctx.path.startsWith('/ssr/api/')) {
    ctx.respond = false;
    ctx.req.url = ctx.req.url.slice('/ssr'.length);
    return server.listener(ctx.req, ctx.res);
  }
  return send(ctx, 404, 'No such route', 'text/plain');
}
