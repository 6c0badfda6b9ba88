/**
 * Real server processes (`node --import tsx src/server/main.ts`) on one database, one of them
 * killed with SIGKILL midway and started again, while 500 posts go through them at concurrency 16,
 * about 30% of them sent more than once with the same Idempotency-Key (some at the same moment, to
 * one process or to both, some again to the other process afterwards). A small load balancer in the
 * test sends each request to the next process that is up and retries refused or dropped
 * connections elsewhere (with the same key), as a real one would.
 *
 * Checked: every post is answered 201 in the end, every copy of a post gets the same reply, every
 * reply is stored exactly once and nothing twice, and no request gets a 5xx (refused and dropped
 * connections while a process is down are counted, not failed). Printed: replies per second for
 * each configuration (information only, never asserted).
 *
 * Configurations: PostgreSQL with two processes (the suite's DATABASE_URL server with a fresh
 * database, or a throwaway cluster from scripts/postgres.mjs when DATABASE_URL is unset; skipped
 * when PostgreSQL is not installed), and SQLite with one process.
 * Run: node --import tsx --test test/server/multiprocess.test.ts
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, test, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { contentFolder, POSTGRES_URL, testDatabaseUrl } from './helpers.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const POSTS = 500;
const CONCURRENCY = 16;
/** Posts answered before one process is killed. */
const KILL_AFTER = 150;

interface PostgresCluster {
  url: string;
  stop(): void;
}
const postgresScript = (await import(new URL('../../scripts/postgres.mjs', import.meta.url).href)) as {
  postgresBin(): string | null;
  startPostgres(): Promise<PostgresCluster>;
  freePort(): Promise<number>;
};
const { freePort } = postgresScript;

let root: string;
let contentDir: string;
before(() => {
  root = mkdtempSync(join(tmpdir(), 'article-widgets-multiprocess-'));
  contentDir = contentFolder(root);
});
after(() => rmSync(root, { recursive: true, force: true }));

type Answer = { status: number; body: { reply?: { id: string; comment: string } } } | { failed: string };

/** One request on a connection of its own, from `localAddress` (the client's IP as the server sees it). */
function send(port: number, localAddress: string, method: string, path: string, body?: string, headers: Record<string, string> = {}) {
  return new Promise<Answer>((resolve) => {
    const req = request({ host: '127.0.0.1', port, localAddress, method, path, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('error', (error) => resolve({ failed: (error as NodeJS.ErrnoException).code ?? error.message }));
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode!, body: JSON.parse(text) as never });
        } catch {
          resolve({ failed: `not JSON (${res.statusCode}): ${text.slice(0, 80)}` });
        }
      });
    });
    req.setTimeout(15_000, () => req.destroy(new Error('timeout')));
    req.on('error', (error) => resolve({ failed: (error as NodeJS.ErrnoException).code ?? error.message }));
    req.end(body);
  });
}

/** A server process on `port`; `output` keeps what it printed, for a failure's message. */
class ServerProcess {
  child: ChildProcess | null = null;
  output = '';
  constructor(
    readonly port: number,
    readonly env: NodeJS.ProcessEnv,
  ) {}

  async start(): Promise<number> {
    const began = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      cwd: REPO,
      env: { ...this.env, PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    for (const stream of [child.stdout!, child.stderr!]) stream.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    let exited = false;
    child.once('exit', () => (exited = true));
    for (;;) {
      const answer = await send(this.port, '127.0.0.1', 'GET', '/api/articles/open-article/replies?limit=1');
      if ('status' in answer && answer.status === 200) return performance.now() - began;
      if (exited) throw new Error(`the server on port ${this.port} exited:\n${this.output}`);
      if (performance.now() - began > 30_000) throw new Error(`the server on port ${this.port} did not start:\n${this.output}`);
      await delay(50);
    }
  }

  kill(signal: NodeJS.Signals) {
    this.child?.kill(signal);
  }

  async stop() {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await once(child, 'exit');
    clearTimeout(timer);
  }
}

/** The client address of post `i`: one of its own, so the per-IP flood limit (15 s) never refuses a post. */
const addressOf = (i: number) => `127.1.${Math.floor(i / 250)}.${(i % 250) + 1}`;

interface Run {
  name: string;
  processes: ServerProcess[];
  /** The replies stored: id and comment. */
  stored(): Promise<{ id: string; comment: string }[]>;
}

async function run(t: TestContext, { name, processes, stored }: Run) {
  t.after(() => Promise.all(processes.map((p) => p.stop())));
  const startMs = await Promise.all(processes.map((p) => p.start()));
  const counts = { requests: 0, refused: 0, fiveHundreds: [] as string[], otherStatus: [] as string[] };
  /** Until when a process is thought down (after a refused or dropped connection). */
  const downUntil = new Map<number, number>();
  let turn = 0;
  const pick = (prefer?: number) => {
    const now = Date.now();
    const order = prefer === undefined ? processes.map((_, k) => (turn++ + k) % processes.length) : [prefer, ...processes.keys()];
    const up = order.find((k) => (downUntil.get(k) ?? 0) <= now);
    return up ?? order[0]!;
  };

  /** Posts `i` until some process answers; a refused or dropped connection is tried again, elsewhere if there is an elsewhere. */
  const deliver = async (i: number, prefer?: number) => {
    const body = JSON.stringify({ name: `Writer ${i}`, email: `writer${i}@example.com`, comment: `Post number ${i} of the ${name} run.` });
    const headers = { 'content-type': 'application/json', 'idempotency-key': `${name}-${i}` };
    const began = Date.now();
    for (let attempt = 0; ; attempt++) {
      const k = pick(attempt === 0 ? prefer : undefined);
      counts.requests++;
      const answer = await send(processes[k]!.port, addressOf(i), 'POST', '/api/articles/open-article/replies', body, headers);
      if ('status' in answer) {
        if (answer.status >= 500) counts.fiveHundreds.push(`post ${i}: ${answer.status} ${JSON.stringify(answer.body)}`);
        else if (answer.status !== 201) counts.otherStatus.push(`post ${i}: ${answer.status} ${JSON.stringify(answer.body)}`);
        return answer;
      }
      counts.refused++;
      downUntil.set(k, Date.now() + 200);
      if (Date.now() - began > 30_000) throw new Error(`post ${i} got no answer in 30 s; last: ${answer.failed}`);
      await delay(Math.min(20 * (attempt + 1), 200));
    }
  };

  /** Every answer a post got, copies included. */
  const answers = new Map<number, Answer[]>();
  let done = 0;
  let killed: Promise<number> | null = null;
  let beforeKillSeconds = 0;
  const began = performance.now();
  const victim = processes[processes.length - 1]!;
  const one = async (i: number) => {
    const got: Answer[] = [];
    const other = (k: number) => (k + 1) % processes.length;
    switch (i % 10) {
      case 0: // two copies at the same moment, one to each process (the same one when there is one)
        got.push(...(await Promise.all([deliver(i, 0), deliver(i, other(0))])));
        break;
      case 1: // sent, then sent again to the other process
        got.push(await deliver(i, 0));
        got.push(await deliver(i, other(0)));
        break;
      case 2: // two copies at the same moment to the same process
        got.push(...(await Promise.all([deliver(i, i % processes.length), deliver(i, i % processes.length)])));
        break;
      default:
        got.push(await deliver(i));
    }
    answers.set(i, got);
    if (++done === KILL_AFTER) {
      beforeKillSeconds = (performance.now() - began) / 1000;
      // Mid-run: no goodbye, no closing of connections or of the database.
      victim.kill('SIGKILL');
      killed = (async () => {
        await once(victim.child!, 'exit');
        return victim.start();
      })();
    }
  };

  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < POSTS) await one(next++);
    }),
  );
  const seconds = (performance.now() - began) / 1000;
  assert.ok(killed, 'a process was killed');
  const restartMs = await killed;

  // After the restart: copies of earlier posts, to the restarted process, get the first answers.
  for (let i = 0; i < POSTS; i += 25) answers.get(i)!.push(await deliver(i, processes.length - 1));

  const rows = await stored();
  const perComment = new Map<string, number>();
  for (const row of rows) perComment.set(row.comment, (perComment.get(row.comment) ?? 0) + 1);
  const ids = new Set(rows.map((row) => row.id));
  const twice = [...perComment].filter(([, n]) => n > 1);
  console.log(
    `# ${name}: ${processes.length} process(es) started in ${startMs.map((ms) => (ms / 1000).toFixed(1)).join(' and ')} s; ` +
      `${POSTS} posts (${counts.requests} requests, ${counts.refused} refused or dropped while a process was down) in ${seconds.toFixed(1)} s ` +
      `= ${(POSTS / seconds).toFixed(0)} replies/s at concurrency ${CONCURRENCY} with one SIGKILL and a restart (${(restartMs / 1000).toFixed(1)} s); ` +
      `${(KILL_AFTER / beforeKillSeconds).toFixed(0)} replies/s before the kill`,
  );
  assert.deepEqual(counts.fiveHundreds, [], 'no 5xx');
  assert.deepEqual(counts.otherStatus, [], 'every answer is 201');
  assert.deepEqual(twice, [], 'no post stored twice');
  assert.equal(rows.length, POSTS, 'every post stored once');
  for (const [i, got] of answers) {
    const replies = got.map((answer) => ('status' in answer ? answer.body.reply : undefined));
    assert.ok(replies[0], `post ${i} answered`);
    for (const reply of replies) assert.deepEqual(reply, replies[0], `post ${i}: every copy gets the same reply`);
    assert.ok(ids.has(replies[0].id), `post ${i}: the acknowledged reply ${replies[0].id} is stored`);
    assert.equal(perComment.get(replies[0].comment), 1, `post ${i} stored once`);
  }
}

const baseEnv = (dataDir: string): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    CONTENT_DIR: contentDir,
    MODERATION: 'publish',
    ADMIN_TOKEN: 'multiprocess-test-admin-token-of-40-chars',
    // Shared by every process: the IP hashes (and so the flood limit) must agree.
    SECRET: 'multiprocess-test-ip-hash-secret-of-40ch',
  };
  delete env.DATABASE_URL;
  delete env.NODE_TEST_CONTEXT;
  return env;
};

describe('server processes killed and restarted', { timeout: 180_000 }, () => {
  test(
    'PostgreSQL, two processes, one killed midway: every post stored once, no 5xx',
    { skip: POSTGRES_URL || postgresScript.postgresBin() ? false : 'PostgreSQL is not installed' },
    async (t) => {
      let url: string;
      if (POSTGRES_URL) {
        url = await testDatabaseUrl(mkdtempSync(join(root, 'pg-')));
      } else {
        const cluster = await postgresScript.startPostgres();
        t.after(() => cluster.stop());
        url = cluster.url;
      }
      const env = { ...baseEnv(mkdtempSync(join(root, 'data-'))), DATABASE_URL: url };
      const processes = [new ServerProcess(await freePort(), env), new ServerProcess(await freePort(), env)];
      await run(t, {
        name: 'PostgreSQL',
        processes,
        async stored() {
          const client = new pg.Client({ connectionString: url });
          await client.connect();
          try {
            return (await client.query<{ id: string; comment: string }>('SELECT id, comment FROM replies')).rows;
          } finally {
            await client.end();
          }
        },
      });
    },
  );

  test('SQLite, one process, killed midway: every post stored once, no 5xx', async (t) => {
    const dataDir = mkdtempSync(join(root, 'data-'));
    const processes = [new ServerProcess(await freePort(), baseEnv(dataDir))];
    await run(t, {
      name: 'SQLite',
      processes,
      async stored() {
        const db = new SQLite(join(dataDir, 'replies.sqlite'), { readonly: true });
        try {
          return db.prepare('SELECT id, comment FROM replies').all() as { id: string; comment: string }[];
        } finally {
          db.close();
        }
      },
    });
  });
});
