/**
 * Races between server processes on one database, and a database that cannot take a write right
 * now. "Two processes" are two stores (two Kysely instances, two SQLite connections or two
 * PostgreSQL pools) on the same database, each behind its own HTTP server.
 * Run: node --import tsx --test test/server/races.test.ts                              (SQLite)
 *      node scripts/postgres.mjs node --import tsx --test test/server/races.test.ts    (PostgreSQL)
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, test, type TestContext } from 'node:test';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { AppOptions } from '../../src/server/app.js';
import { openPostgresStore } from '../../src/server/postgres.js';
import { storeTrouble } from '../../src/server/store.js';
import {
  admin,
  contentFolder,
  expectError,
  POSTGRES_URL,
  post,
  serveStore,
  start,
  startSqlite,
  STORE_NAME,
  testDatabaseUrl,
} from './helpers.js';

let root: string;
let contentDir: string;
before(() => {
  root = mkdtempSync(join(tmpdir(), 'article-widgets-races-'));
  contentDir = contentFolder(root);
});
after(() => rmSync(root, { recursive: true, force: true }));

const reply = (comment: string, extra: Record<string, unknown> = {}) => ({ name: 'Ann', email: 'ann@example.com', comment, ...extra });
const errorLog = (t: TestContext) => t.mock.method(console, 'error', () => {});
const logged = (log: ReturnType<typeof errorLog>) => log.mock.calls.map((call) => call.arguments.map(String).join(' '));

/** Two servers over two stores on one database: what two processes behind a load balancer are. */
async function twoProcesses(t: TestContext, options: Partial<AppOptions>) {
  const dataDir = mkdtempSync(join(root, 'data-'));
  const a = await start(t, { contentDir, moderation: 'publish', ...options }, dataDir);
  const b = await start(t, { contentDir, moderation: 'publish', ...options }, dataDir);
  return [a.url, b.url] as const;
}

async function total(url: string): Promise<number> {
  const page = (await (await fetch(`${url}/api/articles/open-article/replies?limit=200`)).json()) as { total: number };
  return page.total;
}

describe(`races between processes (${STORE_NAME})`, () => {
  test('the same Idempotency-Key at the same moment, to one process and to another: one reply stored, one answer for all', async (t) => {
    const [a, b] = await twoProcesses(t, { rateLimitMs: 0 });
    const posts = 12;
    await Promise.all(
      Array.from({ length: posts }, async (_, i) => {
        const key = `race-${i}`;
        const body = reply(`Comment number ${i}.`, { email: `ann${i}@example.com` });
        // Four copies at once: two per process.
        const answers = await Promise.all([a, b, a, b].map((url) => post(url, body, { 'idempotency-key': key })));
        const bodies = await Promise.all(answers.map((res) => res.json()));
        assert.deepEqual(
          answers.map((res) => res.status),
          [201, 201, 201, 201],
          JSON.stringify(bodies),
        );
        for (const other of bodies.slice(1)) assert.deepEqual(other, bodies[0], 'every copy gets the first answer');
      }),
    );
    assert.equal(await total(a), posts);
    assert.equal(await total(b), posts);
  });

  test('one key with two different bodies at the same moment: one is stored, the other is 422, never a 500', async (t) => {
    const [a, b] = await twoProcesses(t, { rateLimitMs: 0 });
    for (let round = 0; round < 5; round++) {
      const key = `reused-${round}`;
      const answers = await Promise.all([
        post(a, reply(`First body, round ${round}.`), { 'idempotency-key': key }),
        post(b, reply(`Second body, round ${round}.`), { 'idempotency-key': key }),
      ]);
      const codes = await Promise.all(
        answers.map(async (res) => [res.status, ((await res.json()) as { error?: { code: string } }).error?.code]),
      );
      assert.deepEqual(
        codes.sort((x, y) => Number(x[0]) - Number(y[0])),
        [
          [201, undefined],
          [422, 'idempotency_key_reused'],
        ],
      );
    }
    assert.equal(await total(a), 5);
  });

  test('the flood limit holds across processes: of a burst from one sender to both, exactly one is stored; the rest 429 with Retry-After', async (t) => {
    const windowMs = 4000;
    const [a, b] = await twoProcesses(t, { rateLimitMs: windowMs });
    const burst = async (round: number) => {
      const began = Date.now();
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          post(i % 2 ? a : b, reply(`Round ${round}, post ${i}.`), { 'idempotency-key': `flood-${round}-${i}` }),
        ),
      );
      const took = Date.now() - began;
      assert.ok(took < windowMs, `the burst took ${took} ms, longer than the ${windowMs} ms window`);
      const created = answers.filter((res) => res.status === 201);
      assert.equal(created.length, 1, `statuses: ${answers.map((res) => res.status).join(' ')}`);
      for (const res of answers.filter((res) => res.status !== 201)) {
        const retryAfter = Number(res.headers.get('retry-after'));
        assert.ok(retryAfter >= 1 && retryAfter <= windowMs / 1000, `Retry-After: ${res.headers.get('retry-after')}`);
        await expectError(res, 429, 'too_many_requests');
      }
      const winner = answers.indexOf(created[0]!);
      // Its retry (same key, either process) is the first answer again, not a 429.
      const again = await post(winner % 2 ? b : a, reply(`Round ${round}, post ${winner}.`), {
        'idempotency-key': `flood-${round}-${winner}`,
      });
      assert.equal(again.status, 201);
      console.log(`# flood burst ${round} (${STORE_NAME}): 20 posts from one sender through 2 processes in ${took} ms, 1 stored`);
    };
    await burst(1);
    const firstDone = Date.now();
    assert.equal(await total(a), 1);
    // After the window the sender's row is moved on, once: the same again.
    await delay(windowMs + 100 - (Date.now() - firstDone));
    await burst(2);
    assert.equal(await total(b), 2);
  });
});

describe('a locked SQLite database', () => {
  test('a post gets 503 with Retry-After within a second while another process holds the write lock; reads are served meanwhile', async (t) => {
    const log = errorLog(t);
    const { url, dataDir } = await startSqlite(t, { contentDir, moderation: 'publish', rateLimitMs: 0 });
    const first = (await (await post(url, reply('Before the lock.'))).json()) as { reply: { id: string } };
    // Another process (a backup, the sqlite3 shell, a second server) takes the write lock and keeps it.
    const other = new SQLite(join(dataDir, 'replies.sqlite'));
    t.after(() => other.close());
    other.exec('BEGIN IMMEDIATE');
    try {
      const began = performance.now();
      const order: string[] = [];
      const posting = post(url, reply('During the lock.'), { 'idempotency-key': 'locked-1' }).then((res) => {
        order.push('post');
        return [res, performance.now() - began] as const;
      });
      await delay(30);
      const reading = fetch(`${url}/api/articles/open-article/replies`).then(async (res) => {
        order.push('get');
        return [res.status, ((await res.json()) as { total: number }).total, performance.now() - began] as const;
      });
      const [[res, postMs], [getStatus, getTotal, getMs]] = await Promise.all([posting, reading]);
      console.log(
        `# SQLite write lock held elsewhere: POST answered ${res.status} after ${postMs.toFixed(0)} ms, ` +
          `GET (sent at 30 ms) ${getStatus} after ${getMs.toFixed(0)} ms`,
      );
      assert.equal(res.headers.get('retry-after'), '1');
      await expectError(res, 503, 'unavailable');
      assert.ok(postMs < 1000, `503 after ${postMs.toFixed(0)} ms`);
      assert.equal(getStatus, 200);
      assert.equal(getTotal, 1);
      assert.deepEqual(order, ['get', 'post'], 'the read did not wait for the post');
      // Another post and an admin write meanwhile: 503 as well; the cause is logged once, in one line.
      await expectError(await post(url, reply('Still locked.')), 503, 'unavailable');
      assert.equal((await admin(url, `/replies/${first.reply.id}/spam`, 'POST')).status, 503);
      const lines = logged(log);
      assert.equal(lines.length, 1, lines.join('\n'));
      assert.match(lines[0]!, /busy: SQLITE_BUSY/);
      assert.ok(!lines[0]!.includes('\n'), 'one line, no stack');
    } finally {
      other.exec('ROLLBACK');
    }
    // The lock is gone: the client's retry with its key is stored, once.
    assert.equal((await post(url, reply('During the lock.'), { 'idempotency-key': 'locked-1' })).status, 201);
    assert.equal(await total(url), 2);
  });

  test('a lock held for less than the retries last is waited out: the post is stored', async (t) => {
    const { url, dataDir } = await startSqlite(t, { contentDir, moderation: 'publish', rateLimitMs: 0 });
    const other = new SQLite(join(dataDir, 'replies.sqlite'));
    t.after(() => other.close());
    other.exec('BEGIN IMMEDIATE');
    setTimeout(() => other.exec('ROLLBACK'), 120);
    const began = performance.now();
    const res = await post(url, reply('Waited for the lock.'));
    console.log(`# SQLite write lock held for 120 ms: POST answered ${res.status} after ${(performance.now() - began).toFixed(0)} ms`);
    assert.equal(res.status, 201);
  });
});

describe('store troubles', () => {
  test('database conditions are told apart from bugs; locks and lost connections are retried, the rest is not', () => {
    const cases: [unknown, string | null, boolean?][] = [
      [{ code: 'SQLITE_BUSY', message: 'database is locked' }, 'busy', true],
      [{ code: 'SQLITE_BUSY_SNAPSHOT', message: 'database is locked' }, 'busy', true],
      [{ code: 'SQLITE_LOCKED', message: 'database table is locked' }, 'busy', true],
      [{ code: 'SQLITE_READONLY_DBMOVED', message: 'attempt to write a readonly database' }, 'read-only', false],
      [{ code: 'SQLITE_FULL', message: 'database or disk is full' }, 'disk-full', false],
      [{ code: 'SQLITE_IOERR_FSYNC', message: 'disk I/O error' }, 'io', false],
      [{ code: '57P01', message: 'terminating connection due to administrator command' }, 'connection', true],
      [{ code: '53300', message: 'sorry, too many clients already' }, 'connection', true],
      [{ code: '08006', message: 'connection failure' }, 'connection', true],
      [{ code: '40001', message: 'could not serialize access' }, 'conflict', true],
      [{ code: '55P03', message: 'canceling statement due to lock timeout' }, 'busy', true],
      [{ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:5432' }, 'connection', true],
      [new Error('Connection terminated unexpectedly'), 'connection', true],
      [new Error('timeout exceeded when trying to connect'), 'connection', true],
      [{ code: 'SQLITE_CONSTRAINT_UNIQUE', message: 'UNIQUE constraint failed' }, null],
      [{ code: '23505', message: 'duplicate key value' }, null],
      [{ code: '42P01', message: 'relation does not exist' }, null],
      [new TypeError('x is undefined'), null],
      ['a string', null],
    ];
    for (const [error, kind, transient] of cases) {
      const trouble = storeTrouble(error);
      assert.equal(trouble?.kind ?? null, kind, JSON.stringify(error));
      if (trouble) assert.equal(trouble.transient, transient, JSON.stringify(error));
    }
  });
});

describe('PostgreSQL going away', { skip: POSTGRES_URL ? false : 'needs DATABASE_URL (PostgreSQL)' }, () => {
  /** A TCP relay to the database that the test can cut and restore, as a network or a restart would. */
  async function relay(target: URL) {
    const sockets = new Set<Socket>();
    let server: Server | null = null;
    let port = 0;
    const open = async () => {
      server = createServer((client) => {
        const upstream = connect(Number(target.port || 5432), target.hostname);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => {});
        }
        client.pipe(upstream).pipe(client);
      });
      await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
      port = (server!.address() as { port: number }).port;
    };
    const cut = async () => {
      await new Promise((resolve) => {
        server!.close(resolve);
        for (const socket of sockets) socket.destroy();
      });
    };
    await open();
    return { port: () => port, cut, open };
  }

  test('a refused or dropped connection gets 503 with Retry-After quickly; posts are stored again once it is back', async (t) => {
    const log = errorLog(t);
    const url = new URL(await testDatabaseUrl(mkdtempSync(join(root, 'data-'))));
    const proxy = await relay(url);
    const through = new URL(url);
    through.port = String(proxy.port());
    const { url: base } = await serveStore(t, await openPostgresStore(through.href, { maxConnections: 4 }), {
      contentDir,
      moderation: 'publish',
      rateLimitMs: 0,
    });
    assert.equal((await post(base, reply('Before the cut.'))).status, 201);
    await proxy.cut();
    const began = performance.now();
    const res = await post(base, reply('During the cut.'), { 'idempotency-key': 'cut-1' });
    const took = performance.now() - began;
    console.log(`# PostgreSQL unreachable: POST answered ${res.status} after ${took.toFixed(0)} ms`);
    assert.equal(res.headers.get('retry-after'), '5');
    await expectError(res, 503, 'unavailable');
    assert.ok(took < 1000, `503 after ${took.toFixed(0)} ms`);
    assert.ok(
      logged(log).some((line) => /connection: /.test(line)),
      logged(log).join('\n'),
    );
    await proxy.open();
    assert.equal((await post(base, reply('During the cut.'), { 'idempotency-key': 'cut-1' })).status, 201);
    assert.equal(await total(base), 2);
    await proxy.cut();
  });

  test('connections terminated by the server (57P01, as in a restart) are replaced: the post is stored', async (t) => {
    errorLog(t);
    const dataDir = mkdtempSync(join(root, 'data-'));
    const { url } = await start(t, { contentDir, moderation: 'publish', rateLimitMs: 0 }, dataDir);
    assert.equal((await post(url, reply('Before.'))).status, 201);
    const databaseUrl = new URL(await testDatabaseUrl(dataDir));
    const client = new pg.Client({ connectionString: POSTGRES_URL! });
    await client.connect();
    try {
      const { rowCount } = await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [
        databaseUrl.pathname.slice(1),
      ]);
      assert.ok(rowCount! > 0, 'the store had a connection to terminate');
    } finally {
      await client.end();
    }
    assert.equal((await post(url, reply('After.'))).status, 201);
    assert.equal(await total(url), 2);
  });
});
