// Koa middleware for web-test-runner: the REAL reference server (src/server/app.ts) on a real
// SQLite file in a temp folder, so <reply-form> and <reply-list> are tested against the HTTP
// contract itself rather than a stub. Everything is created on the first request, so test runs
// that never touch replies pay nothing.
//
//   /api/...            the app with `moderation: 'publish'` (201, replies listed at once)
//   /hold/api/...       the same store with `moderation: 'hold'` (202, replies wait for approval)
//   /lossy/api/...      the first POST per Idempotency-Key is stored, then answered 504 (a proxy that
//                       gave up after the server committed); later ones pass through
//   /slow/api/...       the first POST per Idempotency-Key is stored, then answered after 3 s (client timeouts)
//   POST /reply-test/articles     {open?, replies?: [{name, comment, website?, parent?: index}]}
//                       creates a fresh article (so tests never share replies) and seeds published
//                       replies in order; answers {id, endpoint, ids}
//   GET /reply-test/articles/:id  {published, pending, spam}: how many replies the store holds
// The rate limit is off (tests post quickly from one IP); duplicates and idempotency stay on.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import { tsImport } from 'tsx/esm/api';
import { seedReplies } from './helpers/seed-replies.mjs';

const wait = (ms) => new Promise((r) => setTimeout(r, ms));
let ready;
let articleCount = 0;

/** The apps and the store, built once; `tsImport` loads the TypeScript server without a build step. */
function init() {
  ready ??= (async () => {
    const [{ createApp }, { openSqliteStore }] = await Promise.all([
      tsImport('../src/server/app.ts', import.meta.url),
      tsImport('../src/server/sqlite.ts', import.meta.url),
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'article-widgets-wtr-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const store = await openSqliteStore(join(dir, 'replies.sqlite'));
    const common = { store, contentDir: dir, adminToken: 'wtr-admin-token', rateLimitMs: 0 };
    const publish = createApp({ ...common, moderation: 'publish' });
    const hold = createApp({ ...common, moderation: 'hold' });
    return {
      dir,
      store,
      publish,
      listeners: { '': getRequestListener(publish.fetch), '/hold': getRequestListener(hold.fetch) },
      seenKeys: new Set(),
    };
  })();
  return ready;
}

function sendJson(ctx, status, value) {
  ctx.respond = false;
  const body = Buffer.from(JSON.stringify(value));
  ctx.res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': body.length, 'Cache-Control': 'no-store' });
  ctx.res.end(body);
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Runs one request through the app in full (so the reply is stored), returning its Response. */
async function runThrough(ctx, app, path) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(ctx.req.headers)) if (typeof value === 'string') headers.set(name, value);
  const body = await readBody(ctx.req);
  const response = await app.fetch(new Request(`http://${ctx.host}${path}`, { method: ctx.method, headers, body }));
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

async function createArticle(ctx, server) {
  const spec = JSON.parse((await readBody(ctx.req)).toString('utf8') || '{}');
  const id = `t${++articleCount}-${Date.now().toString(36)}`;
  const article = { id, title: `Test article ${id}`, body: [{ type: 'paragraph', text: 'Text.' }], comments: { open: spec.open ?? true } };
  writeFileSync(join(server.dir, `${id}.json`), JSON.stringify(article));
  const ids = await seedReplies(server.store, id, spec.replies);
  sendJson(ctx, 201, { id, endpoint: `/api/articles/${id}/replies`, ids });
}

async function countReplies(ctx, server, id) {
  const counts = {};
  for (const status of ['published', 'pending', 'spam']) {
    counts[status] = (await server.store.list({ article: id, status, limit: 1, order: 'asc' })).total;
  }
  sendJson(ctx, 200, counts);
}

export async function replyServer(ctx, next) {
  const match = /^(|\/hold|\/lossy|\/slow)\/api\//.exec(ctx.path);
  const isTestRoute = ctx.path.startsWith('/reply-test/');
  if (!match && !isTestRoute) return next();
  const server = await init();
  if (isTestRoute) {
    if (ctx.method === 'POST' && ctx.path === '/reply-test/articles') return createArticle(ctx, server);
    const count = /^\/reply-test\/articles\/([\w-]+)$/.exec(ctx.path);
    if (count) return countReplies(ctx, server, count[1]);
    return sendJson(ctx, 404, { error: { code: 'not_found', message: 'No such test route.' } });
  }
  const prefix = match[1];
  const key = ctx.get('idempotency-key');
  if ((prefix === '/lossy' || prefix === '/slow') && ctx.method === 'POST' && key && !server.seenKeys.has(key)) {
    server.seenKeys.add(key);
    const result = await runThrough(ctx, server.publish, ctx.url.slice(prefix.length));
    if (prefix === '/lossy') {
      ctx.respond = false;
      ctx.res.writeHead(504, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' });
      return ctx.res.end('Gateway Timeout');
    }
    await wait(3000);
    ctx.respond = false;
    if (ctx.res.destroyed) return; // the client gave up, as the test intends
    ctx.res.writeHead(result.status, { 'Content-Type': result.type ?? 'application/json', 'Cache-Control': 'no-store' });
    return ctx.res.end(result.text);
  }
  ctx.respond = false;
  ctx.req.url = ctx.req.url.slice(prefix.length);
  // The lossy and slow mounts behave normally once a key has been seen: they answer as `/api/`.
  await (server.listeners[prefix] ?? server.listeners[''])(ctx.req, ctx.res);
}
