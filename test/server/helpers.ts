/** Starting the reference server over real HTTP on 127.0.0.1 and talking to it, for test/server/*.test.ts. */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { serve } from '@hono/node-server';
import { createApp, type AppOptions } from '../../src/server/app.js';
import { createHash } from 'node:crypto';
import pg from 'pg';
import { openPostgresStore } from '../../src/server/postgres.js';
import { openSqliteStore } from '../../src/server/sqlite.js';
import type { ReplyStore } from '../../src/server/store.js';

export const TOKEN = 'test-admin-token';
/** The IP hash key the test servers run with (createApp's `ipSecret`). */
export const TEST_SECRET = 'test-ip-hash-secret-of-32-characters';

/** A content folder in `root` with `open-article` (comments open) and `closed-article`. */
export function contentFolder(root: string): string {
  const contentDir = join(root, 'articles');
  mkdirSync(contentDir, { recursive: true });
  for (const [id, open] of [
    ['open-article', true],
    ['closed-article', false],
  ] as const) {
    const article = { id, title: id, body: [{ type: 'paragraph', text: 'Text.' }], comments: { open } };
    writeFileSync(join(contentDir, `${id}.json`), JSON.stringify(article));
  }
  return contentDir;
}

export interface Running {
  url: string;
  port: number;
  dataDir: string;
  close(): Promise<void>;
}

/**
 * Serves `createApp` over `store` on port 0; closed (store included) after the test. The admin
 * lock-out after failed logins is off unless `options` sets `maxAdminFailures`: the tests that try
 * many bad tokens from one address check the 401 itself (production.test.ts checks the lock-out).
 */
export async function serveStore(
  t: TestContext | null,
  store: ReplyStore,
  options: Omit<AppOptions, 'store' | 'adminToken'>,
  dataDir = '',
): Promise<Running> {
  const app = createApp({ store, adminToken: TOKEN, ipSecret: TEST_SECRET, maxAdminFailures: 0, ...options });
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }) as Server;
  await once(server, 'listening');
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    server.closeAllConnections(); // fetch keeps connections alive
    await new Promise((resolve) => server.close(resolve));
    await store.close();
  };
  t?.after(close);
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, port, dataDir, close };
}

/** The PostgreSQL server the suite runs on (`npm test` starts one: scripts/postgres.mjs), or none: SQLite. */
export const POSTGRES_URL = process.env.DATABASE_URL || null;
export const STORE_NAME = POSTGRES_URL ? 'PostgreSQL' : 'SQLite';

const databases = new Map<string, Promise<void>>();
/** Creates the database `name` on the server at `url` once. */
function ensureDatabase(url: string, name: string): Promise<void> {
  let created = databases.get(name);
  if (!created) {
    created = (async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
        if (!rowCount) await client.query(`CREATE DATABASE "${name}"`);
      } finally {
        await client.end();
      }
    })();
    databases.set(name, created);
  }
  return created;
}

/**
 * The store a test's server runs on: the SQLite file `replies.sqlite` in `dataDir`, or, when the
 * suite runs on PostgreSQL, a database of its own per `dataDir` on that server (the same `dataDir`
 * opens the same database again, as a restarted server would).
 */
export async function openTestStore(dataDir: string): Promise<ReplyStore> {
  if (!POSTGRES_URL) return openSqliteStore(join(dataDir, 'replies.sqlite'));
  return openPostgresStore(await testDatabaseUrl(dataDir), { maxConnections: 4 });
}

/** On PostgreSQL: the URL of the database `dataDir` stands for (created on first use). */
export async function testDatabaseUrl(dataDir: string): Promise<string> {
  if (!POSTGRES_URL) throw new Error('not running on PostgreSQL');
  const name = `t_${createHash('sha256').update(dataDir).digest('hex').slice(0, 20)}`;
  await ensureDatabase(POSTGRES_URL, name);
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return url.href;
}

/** Starts the app over the SQLite file in `dataDir` whatever the suite runs on (tests of SQLite itself). */
export async function startSqlite(
  t: TestContext | null,
  options: Omit<AppOptions, 'store' | 'adminToken'>,
  dataDir = mkdtempSync(join(options.contentDir, '..', 'data-')),
): Promise<Running> {
  return serveStore(t, await openSqliteStore(join(dataDir, 'replies.sqlite')), options, dataDir);
}

/** Starts the app over the test store for `dataDir` (a new folder in `root` by default). */
export async function start(
  t: TestContext | null,
  options: Omit<AppOptions, 'store' | 'adminToken'>,
  dataDir = mkdtempSync(join(options.contentDir, '..', 'data-')),
): Promise<Running> {
  return serveStore(t, await openTestStore(dataDir), options, dataDir);
}

export function post(base: string, body: unknown, headers: Record<string, string> = {}, article = 'open-article') {
  return fetch(`${base}/api/articles/${article}/replies`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' || body instanceof Blob ? body : JSON.stringify(body),
  });
}

export function admin(base: string, path: string, method = 'GET') {
  return fetch(`${base}/api/admin${path}`, { method, headers: { authorization: `Bearer ${TOKEN}` } });
}

export interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string> };
}

export async function expectError(res: Response, status: number, code: string) {
  const body = (await res.json()) as ErrorBody;
  assert.equal(res.status, status, JSON.stringify(body));
  assert.equal(body.error.code, code);
  assert.equal(typeof body.error.message, 'string');
  return body.error;
}

/** POSTs JSON from another loopback address (`127.0.0.2`): another client IP, as the server sees it. */
export async function postFrom(
  localAddress: string,
  port: number,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Partial<ErrorBody> }> {
  const res = await requestFrom(localAddress, port, {
    method: 'POST',
    path: '/api/articles/open-article/replies',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: JSON.parse(res.text) as Partial<ErrorBody> };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** One HTTP request to the server on 127.0.0.1:`port` from the loopback address `localAddress`. */
export function requestFrom(
  localAddress: string,
  port: number,
  { method = 'GET', path, headers = {}, body }: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, localAddress, method, path, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
