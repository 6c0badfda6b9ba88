/**
 * Runs the reference server: `node --import tsx src/server/main.ts` (configuration: see config.ts
 * and the README). Opens the store (the SQLite file, or PostgreSQL when DATABASE_URL is set),
 * migrates it, serves the API, server-rendered article pages (`/articles/:id`, where `/` leads) and
 * the demo, with the timeouts and connection caps of a public server (connections.ts).
 */
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import { dataDirSecret, loadConfig, type ServerConfig } from './config.js';
import { limitConnections, PUBLIC_LIMITS, serverOptions, type ConnectionLimits } from './connections.js';
import { openSqliteStore } from './sqlite.js';
import { openPostgresStore } from './postgres.js';

let config: ServerConfig;
let dataDir: string;
/** The IP hash key kept in the data folder, when SECRET is unset. */
let kept: ReturnType<typeof dataDirSecret> | null;
try {
  config = loadConfig(process.env);
  dataDir = resolve(config.dataDir);
  mkdirSync(dataDir, { recursive: true });
  kept = config.secret === null ? dataDirSecret(dataDir) : null;
} catch (error) {
  // A setting the operator must fix: the message says which and how, a stack trace would not help.
  console.error(`article-widgets: ${(error as Error).message}`);
  process.exit(1);
}
const SEED_ARTICLE = 'digital-sovereignty';
const store = config.databaseUrl ? await openPostgresStore(config.databaseUrl) : await openSqliteStore(resolve(dataDir, 'replies.sqlite'));
const storeName = config.databaseUrl ? `PostgreSQL at ${new URL(config.databaseUrl).host}` : resolve(dataDir, 'replies.sqlite');
const limits: ConnectionLimits = {
  ...PUBLIC_LIMITS,
  maxConnections: config.maxConnections,
  maxConnectionsPerClient: config.maxConnectionsPerClient,
};

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
  trustProxy: config.trustProxy,
  ipSecret: config.secret ?? kept!.secret,
  maxPendingPerArticle: config.maxPendingPerArticle,
});

const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port, serverOptions: serverOptions(limits) }, (info) => {
  const host = info.address.includes(':') ? `[${info.address}]` : info.address;
  const base = `http://${host}:${info.port}`;
  // The token is printed only when it was made here: one given in ADMIN_TOKEN stays out of logs.
  const auth = `-H "Authorization: Bearer ${config.adminTokenGenerated ? config.adminToken : '$ADMIN_TOKEN'}"`;
  console.log(`article-widgets server on ${base}/`);
  console.log(`  article page (server-rendered): ${base}/articles/${SEED_ARTICLE}`);
  console.log(`  demo (designer's page):         ${base}/demo/`);
  console.log(`  replies: ${storeName} (moderation: ${config.moderation})`);
  console.log(`  trusted proxies: ${config.trustProxy.description}`);
  console.log(`  IP hash key: ${kept ? `${kept.file}${kept.created ? ' (created now)' : ''}` : 'SECRET'}`);
  if (config.adminTokenGenerated) console.log('  ADMIN_TOKEN was not set; generated one for this run.');
  console.log(`  list pending replies:  curl ${auth} "${base}/api/admin/replies?status=pending"`);
  console.log(`  approve one:           curl -X POST ${auth} ${base}/api/admin/replies/<id>/approve`);
});
limitConnections(server as Server, limits, config.trustProxy);

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
