// The servers under test, in their own process (run as `node --import tsx bench/lib/server-child.mjs`
// from the repository root, so the TypeScript server imports as it is):
//   - the real reference server: createApp + openSqliteStore on a fresh SQLite file in a temp folder,
//     moderation 'publish', no per-sender rate limit, articles from demo/articles;
//   - a bare Hono app that does nothing: GET /noop and POST /noop answer {}.
// Both listen on 127.0.0.1, port 0. Prints one JSON line { app, noop, sqlite } and runs until its
// stdin closes (the parent ends it), then closes the database and removes the temp folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createApp } from '../../src/server/app.ts';
import { openSqliteStore } from '../../src/server/sqlite.ts';

const root = resolve(new URL('../..', import.meta.url).pathname);
const dir = mkdtempSync(join(tmpdir(), 'aw-bench-db-'));
const sqlite = join(dir, 'replies.sqlite');
const store = await openSqliteStore(sqlite);
const app = createApp({
  store,
  contentDir: join(root, 'demo/articles'),
  adminToken: 'bench-admin-token',
  moderation: 'publish',
  rateLimitMs: 0,
});

const noop = new Hono();
noop.get('/noop', (c) => c.json({}));
noop.post('/noop', async (c) => {
  await c.req.text(); // read the body, as the real POST does
  return c.json({});
});

const listen = (fetch) =>
  new Promise((resolveListen) => {
    const server = serve({ fetch, hostname: '127.0.0.1', port: 0 }, (info) => resolveListen({ server, port: info.port }));
  });
const a = await listen(app.fetch);
const n = await listen(noop.fetch);
process.stdout.write(`${JSON.stringify({ app: a.port, noop: n.port, sqlite })}\n`);

let closing = false;
async function close() {
  if (closing) return;
  closing = true;
  a.server.closeAllConnections?.();
  n.server.closeAllConnections?.();
  a.server.close();
  n.server.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}
process.stdin.on('end', close);
process.stdin.on('close', close);
process.stdin.resume();
process.on('SIGTERM', close);
setTimeout(close, 10 * 60 * 1000).unref(); // never outlives a stuck parent by long
