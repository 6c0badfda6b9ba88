/**
 * What a public deployment needs beyond the API, over real HTTP on 127.0.0.1: the cap on an
 * article's moderation queue, the lock-out after failed admin logins, `/healthz`, and the
 * connection limits main.ts applies (timeouts, a cap per client) under thousands of idle sockets.
 * Run: node --import tsx --test test/server/production.test.ts
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { after, before, describe, test, type TestContext } from 'node:test';
import { serve } from '@hono/node-server';
import { createApp } from '../../src/server/app.js';
import { parseTrustProxy } from '../../src/server/client-ip.js';
import { limitConnections, PUBLIC_LIMITS, serverOptions, type ConnectionLimits } from '../../src/server/connections.js';
import {
  admin,
  contentFolder,
  expectError,
  openTestStore,
  post,
  postFrom,
  requestFrom,
  serveStore,
  start,
  TEST_SECRET,
  TOKEN,
} from './helpers.js';

let root: string;
let contentDir: string;

before(() => {
  root = mkdtempSync(join(tmpdir(), 'article-widgets-production-'));
  contentDir = contentFolder(root);
  const other = { id: 'other-article', title: 'Other', body: [{ type: 'paragraph', text: 'Text.' }], comments: { open: true } };
  writeFileSync(join(contentDir, 'other-article.json'), JSON.stringify(other));
});
after(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
const reply = (extra: Record<string, unknown> = {}) => ({
  comment: `Reply number ${++n}.`,
  name: 'Ann',
  email: `r${n}@example.com`,
  ...extra,
});

describe('the moderation queue cap (MAX_PENDING_PER_ARTICLE)', () => {
  test('a full queue refuses new replies to that article with 429 moderation_queue_full; other articles and approvals free it', async (t) => {
    const { url } = await start(t, { contentDir, rateLimitMs: 0, maxPendingPerArticle: 3 });
    for (let i = 0; i < 3; i++) assert.equal((await post(url, reply())).status, 202);
    const full = await post(url, reply());
    assert.ok(Number(full.headers.get('retry-after')) > 0);
    const error = await expectError(full, 429, 'moderation_queue_full');
    assert.match(error.message, /waiting for moderation/);
    // Another article has a queue of its own.
    assert.equal((await post(url, reply(), {}, 'other-article')).status, 202);
    // A filled honeypot is still told "pending" (and stored as spam): bots learn nothing.
    assert.equal((await post(url, reply({ url_confirm: 'http://spam.example' }))).status, 202);
    // The moderator approves one: room for one more.
    const pending = (await (await admin(url, '/replies?status=pending&article=open-article')).json()) as { replies: { id: string }[] };
    assert.equal(pending.replies.length, 3);
    assert.equal((await admin(url, `/replies/${pending.replies[0]!.id}/approve`, 'POST')).status, 200);
    assert.equal((await post(url, reply())).status, 202);
    await expectError(await post(url, reply()), 429, 'moderation_queue_full');
  });

  test('does not apply when replies are published at once', async (t) => {
    const { url } = await start(t, { contentDir, rateLimitMs: 0, maxPendingPerArticle: 1, moderation: 'publish' });
    for (let i = 0; i < 3; i++) assert.equal((await post(url, reply())).status, 201);
  });
});

describe('failed admin logins', () => {
  const adminFrom = (localAddress: string, port: number, token: string, headers: Record<string, string> = {}) =>
    requestFrom(localAddress, port, { path: '/api/admin/replies', headers: { authorization: `Bearer ${token}`, ...headers } });

  test('after 5 failures from one client it gets 429 with Retry-After, even with the right token; other clients do not', async (t) => {
    const { port } = await start(t, { contentDir, maxAdminFailures: 5 });
    for (let i = 0; i < 5; i++) assert.equal((await adminFrom('127.0.0.1', port, `wrong-${i}`)).status, 401);
    for (const token of ['wrong-again', TOKEN]) {
      const locked = await adminFrom('127.0.0.1', port, token);
      assert.equal(locked.status, 429, token);
      assert.equal((JSON.parse(locked.text) as { error: { code: string } }).error.code, 'too_many_attempts');
      const wait = Number(locked.headers['retry-after']);
      assert.ok(wait > 0 && wait <= 60, `Retry-After ${wait}`);
    }
    assert.equal((await adminFrom('127.0.0.2', port, TOKEN)).status, 200);
  });

  test('behind a trusted proxy, failures are counted per forwarded client', async (t) => {
    const { port } = await start(t, { contentDir, maxAdminFailures: 5, trustProxy: parseTrustProxy('127.0.0.1') });
    const from = (address: string) => ({ 'x-forwarded-for': address });
    for (let i = 0; i < 5; i++) assert.equal((await adminFrom('127.0.0.1', port, 'wrong', from('198.51.100.66'))).status, 401);
    assert.equal((await adminFrom('127.0.0.1', port, TOKEN, from('198.51.100.66'))).status, 429);
    assert.equal((await adminFrom('127.0.0.1', port, TOKEN, from('198.51.100.1'))).status, 200);
  });

  test('four failures then the right token: no lock-out', async (t) => {
    const { port } = await start(t, { contentDir, maxAdminFailures: 5 });
    for (let i = 0; i < 4; i++) assert.equal((await adminFrom('127.0.0.1', port, 'wrong')).status, 401);
    assert.equal((await adminFrom('127.0.0.1', port, TOKEN)).status, 200);
  });
});

describe('GET /healthz', () => {
  test('200 {"ok":true}, never cached, when the store answers', async (t) => {
    const { url } = await start(t, { contentDir });
    const res = await fetch(`${url}/healthz`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.deepEqual(await res.json(), { ok: true });
  });

  test('503 when the store fails, and when it does not answer within 2 seconds; 200 again once it does', async (t) => {
    const log = t.mock.method(console, 'error', () => {});
    const store = await openTestStore(mkdtempSync(join(root, 'data-')));
    let mode: 'fail' | 'hang' | 'ok' = 'fail';
    const flaky = {
      ...store,
      list: (query: Parameters<typeof store.list>[0]) =>
        mode === 'fail'
          ? Promise.reject(new Error('connection refused'))
          : mode === 'hang'
            ? new Promise<never>(() => {})
            : store.list(query),
    };
    const { url } = await serveStore(t, flaky, { contentDir });
    const failed = await fetch(`${url}/healthz`);
    assert.equal(failed.status, 503);
    assert.equal(failed.headers.get('cache-control'), 'no-store');
    assert.deepEqual(await failed.json(), { ok: false });
    mode = 'hang';
    const started = performance.now();
    const hung = await fetch(`${url}/healthz`);
    assert.equal(hung.status, 503);
    const waited = performance.now() - started;
    assert.ok(waited >= 1900 && waited < 10_000, `answered after ${waited} ms`);
    mode = 'ok';
    assert.equal((await fetch(`${url}/healthz`)).status, 200);
    // One line when it started failing, one when it recovered: not one per probe.
    assert.equal(log.mock.callCount(), 2);
  });
});

/** Serves the app with main.ts's connection limits (`limits` over PUBLIC_LIMITS). */
async function startLimited(t: TestContext, limits: Partial<ConnectionLimits>, trust = parseTrustProxy('')) {
  const all = { ...PUBLIC_LIMITS, ...limits };
  const store = await openTestStore(mkdtempSync(join(root, 'data-')));
  const app = createApp({ store, contentDir, adminToken: TOKEN, ipSecret: TEST_SECRET });
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0, serverOptions: serverOptions(all) }) as Server;
  limitConnections(server, all, trust);
  await once(server, 'listening');
  t.after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await store.close();
  });
  return { server, port: (server.address() as AddressInfo).port };
}

/**
 * Opens `count` connections from `localAddress`, each sending the start of a request and then
 * nothing (a slowloris); resolves when every one is connected or closed by the server.
 */
async function idleSockets(t: TestContext, port: number, localAddress: string, count: number) {
  const sockets: Socket[] = [];
  let closedByServer = 0;
  t.after(() => sockets.forEach((socket) => socket.destroy()));
  // In batches, so the listen backlog never overflows (an overflow delays a connect by a SYN retry).
  for (let done = 0; done < count; done += 200) {
    await Promise.all(
      Array.from({ length: Math.min(200, count - done) }, () => {
        const socket = connect({ host: '127.0.0.1', port, localAddress });
        sockets.push(socket);
        socket.on('error', () => {}); // a reset from the server's per-client cap
        socket.once('close', () => closedByServer++);
        return new Promise<void>((resolve) => {
          socket.once('connect', () => socket.write('GET /api/articles/open-article HTTP/1.1\r\nHost: x\r\nX-Slow: ', () => resolve()));
          socket.once('close', () => resolve());
        });
      }),
    );
  }
  return { sockets, closed: () => closedByServer };
}

/** Waits (up to 10 s: the machine may be busy) until `check` holds; the kernel accepts before Node does. */
async function until(check: () => boolean | Promise<boolean>, what: string) {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const connections = (server: Server) =>
  new Promise<number>((resolve, reject) => server.getConnections((error, count) => (error ? reject(error) : resolve(count))));

/** A normal GET from another client (127.0.0.1), timed. */
async function timedGet(port: number) {
  const started = performance.now();
  const res = await requestFrom('127.0.0.1', port, { path: '/api/articles/open-article/replies' });
  return { status: res.status, ms: performance.now() - started };
}

describe('connection limits (main.ts: connections.ts)', () => {
  test('2,000 idle half-sent requests from one host: it keeps 256, and a normal GET from another answers within 1 s', async (t) => {
    const { server, port } = await startLimited(t, {});
    const idle = await idleSockets(t, port, '127.0.0.2', 2000);
    const cap = PUBLIC_LIMITS.maxConnectionsPerClient;
    await until(() => idle.closed() === 2000 - cap, 'the server to close the connections past the cap');
    const held = await connections(server);
    t.diagnostic(`server holds ${held} connections; the flood's other ${idle.closed()} were closed`);
    assert.equal(held, cap);
    const get = await timedGet(port);
    t.diagnostic(`GET answered ${get.status} in ${get.ms.toFixed(1)} ms`);
    assert.equal(get.status, 200);
    assert.ok(get.ms < 1000, `${get.ms} ms`);
  });

  test('2,000 idle half-sent requests all held (no per-client cap): a normal GET still answers within 1 s', async (t) => {
    const { server, port } = await startLimited(t, { maxConnectionsPerClient: 100_000 });
    const idle = await idleSockets(t, port, '127.0.0.2', 2000);
    await until(async () => (await connections(server)) === 2000, 'the server to hold all 2,000');
    const held = await connections(server);
    assert.equal(idle.closed(), 0);
    const get = await timedGet(port);
    t.diagnostic(`server holds ${held} idle connections; GET answered ${get.status} in ${get.ms.toFixed(1)} ms`);
    assert.equal(get.status, 200);
    assert.ok(get.ms < 1000, `${get.ms} ms`);
  });

  test('the header timeout closes a connection whose request never finishes; MAX_CONNECTIONS caps the total', async (t) => {
    const { port } = await startLimited(t, { headersTimeoutMs: 1000, requestTimeoutMs: 2000, maxConnections: 50 });
    const started = performance.now();
    const idle = await idleSockets(t, port, '127.0.0.2', 60);
    // Past maxConnections, new connections are closed at once.
    await until(() => idle.closed() === 10, 'the 10 connections past MAX_CONNECTIONS to be closed');
    const answers: string[] = [];
    idle.sockets[0]!.setEncoding('utf8').on('data', (chunk: string) => answers.push(chunk));
    await once(idle.sockets[0]!, 'close');
    const ms = performance.now() - started;
    t.diagnostic(`a half-sent request was closed after ${ms.toFixed(0)} ms (headers timeout 1000 ms)`);
    assert.ok(ms >= 900 && ms < 5000, `${ms} ms`);
    assert.match(answers.join(''), /^HTTP\/1\.1 408/);
    // The idle ones gone, the server takes connections again.
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal((await timedGet(port)).status, 200);
  });

  test('a trusted proxy is not held to the per-client cap', async (t) => {
    const { port } = await startLimited(t, { maxConnectionsPerClient: 5 }, parseTrustProxy('127.0.0.2'));
    const proxy = await idleSockets(t, port, '127.0.0.2', 20);
    const direct = await idleSockets(t, port, '127.0.0.3', 20);
    await until(() => direct.closed() === 15, 'the direct client held to 5');
    assert.equal(proxy.closed(), 0);
    assert.equal((await postFrom('127.0.0.1', port, reply())).status, 202);
  });
});
