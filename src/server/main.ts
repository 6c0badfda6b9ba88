/**
 * Runs the reference server: `node --import tsx src/server/main.ts` (configuration: see config.ts
 * and the README). Opens the store (the SQLite file, or PostgreSQL when DATABASE_URL is set), migrates it, serves the API, server-rendered article pages
 * (`/articles/:id`, where `/` leads) and the demo.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import { loadConfig } from './config.js';
import { openSqliteStore } from './sqlite.js';
import { openPostgresStore } from './postgres.js';

const config = loadConfig(process.env);
const SEED_ARTICLE = 'digital-sovereignty';
const dataDir = resolve(config.dataDir);
mkdirSync(dataDir, { recursive: true });
const store = config.databaseUrl ? await openPostgresStore(config.databaseUrl) : await openSqliteStore(resolve(dataDir, 'replies.sqlite'));
const storeName = config.databaseUrl ? `PostgreSQL at ${new URL(config.databaseUrl).host}` : resolve(dataDir, 'replies.sqlite');

const app = createApp({
  store,
  contentDir: resolve(config.contentDir),
  adminToken: config.adminToken,
  allowedOrigins: config.allowedOrigins,
  moderation: config.moderation,
  // The repository root (this file is src/server/main.ts), for demo/ and dist/.
  staticRoot: fileURLToPath(new URL('../../', import.meta.url)),
  // `/` opens the seed article, server-rendered; the designer's demo stays at /demo/.
  homeArticle: SEED_ARTICLE,
});

const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
  const host = info.address.includes(':') ? `[${info.address}]` : info.address;
  const base = `http://${host}:${info.port}`;
  const auth = `-H "Authorization: Bearer ${config.adminToken}"`;
  console.log(`article-widgets server on ${base}/`);
  console.log(`  article page (server-rendered): ${base}/articles/${SEED_ARTICLE}`);
  console.log(`  demo (designer's page):         ${base}/demo/`);
  console.log(`  replies: ${storeName} (moderation: ${config.moderation})`);
  if (config.adminTokenGenerated) console.log('  ADMIN_TOKEN was not set; generated one for this run.');
  console.log(`  list pending replies:  curl ${auth} "${base}/api/admin/replies?status=pending"`);
  console.log(`  approve one:           curl -X POST ${auth} ${base}/api/admin/replies/<id>/approve`);
});

let stopping = false;
function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: closing`);
  // Stop accepting connections, let in-flight requests finish, then close the database cleanly
  // (which also checkpoints the WAL). A stuck client does not keep the process alive forever.
  setTimeout(() => process.exit(1), 5000).unref();
  server.close(() => {
    store.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
  if ('closeIdleConnections' in server) server.closeIdleConnections();
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
