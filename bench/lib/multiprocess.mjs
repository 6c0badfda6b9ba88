// Reply throughput of the real server (`node --import tsx src/server/main.ts`, moderation "publish")
// by store and number of processes: SQLite with one process, PostgreSQL with one and with two
// (a throwaway cluster from scripts/postgres.mjs, fsync off, so it measures the server and its
// transactions, not the disk; SQLite keeps synchronous=FULL, one fsync per reply). The two
// processes share the load round-robin, as a load balancer would. Every post comes from a
// loopback address of its own (127.<10 + row>.x.y: the PostgreSQL rows share a database), so the
// per-sender flood limit (15 s) never refuses one; every post carries an Idempotency-Key. A
// connection per request. On 2 cores the client, the server processes and PostgreSQL share the
// CPU: a second process adds contention there, not capacity. Information only: nothing passes or
// fails on a timing.
//
//   node bench/lib/multiprocess.mjs                    (from the repository root)
//   BENCH_POSTS=2000 BENCH_CONCURRENCY=32 node bench/lib/multiprocess.mjs
//
// Prints a table and one JSON line with the figures. Not part of `node bench/run.mjs` (yet).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { freePort, startPostgres, postgresBin } from '../../scripts/postgres.mjs';
import { percentile, round, table } from './stats.mjs';

const root = new URL('../..', import.meta.url).pathname;
const POSTS = Number(process.env.BENCH_POSTS) || 1000;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY) || 16;
const work = mkdtempSync(join(tmpdir(), 'aw-bench-multiprocess-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

const contentDir = join(work, 'articles');
mkdirSync(contentDir);
const article = { id: 'open-article', title: 'Open', body: [{ type: 'paragraph', text: 'Text.' }], comments: { open: true } };
writeFileSync(join(contentDir, 'open-article.json'), JSON.stringify(article));

function send(port, localAddress, method, path, body, headers = {}) {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, localAddress, method, path, headers, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
      res.on('error', () => resolve(0));
    });
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

async function startServer(env) {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: root,
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (const began = Date.now(); Date.now() - began < 30_000; await delay(50)) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    if ((await send(port, '127.0.0.1', 'GET', '/api/articles/open-article/replies?limit=1')) === 200) {
      return {
        port,
        stop: () =>
          new Promise((resolve) => {
            const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
            child.once('exit', () => resolve(clearTimeout(timer)));
            child.kill('SIGTERM');
          }),
      };
    }
  }
  child.kill('SIGKILL');
  throw new Error('the server did not start in 30 s');
}

let run = 0;
async function measure(name, env, processes) {
  run++;
  const servers = await Promise.all(Array.from({ length: processes }, () => startServer(env)));
  const latencies = [];
  const statuses = {};
  let next = 0;
  const began = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < POSTS) {
        const i = next++;
        const body = JSON.stringify({ name: `Writer ${i}`, email: `w${i}@example.com`, comment: `Bench post ${i} of run ${run}.` });
        const t0 = performance.now();
        const status = await send(
          servers[i % processes].port,
          `127.${10 + run}.${Math.floor(i / 250)}.${(i % 250) + 1}`,
          'POST',
          '/api/articles/open-article/replies',
          body,
          {
            'content-type': 'application/json',
            'idempotency-key': `bench-${run}-${i}`,
          },
        );
        latencies.push(performance.now() - t0);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    }),
  );
  const seconds = (performance.now() - began) / 1000;
  await Promise.all(servers.map((s) => s.stop()));
  return {
    name,
    processes,
    posts: POSTS,
    concurrency: CONCURRENCY,
    seconds: round(seconds, 2),
    repliesPerSecond: round((statuses[201] ?? 0) / seconds, 0),
    p50: round(percentile(latencies, 50)),
    p95: round(percentile(latencies, 95)),
    statuses,
  };
}

const baseEnv = {
  ...process.env,
  HOST: '127.0.0.1',
  CONTENT_DIR: contentDir,
  MODERATION: 'publish',
  ADMIN_TOKEN: 'bench-multiprocess-admin-token-0123456789',
  SECRET: 'bench-multiprocess-ip-hash-secret-0123456789',
};
delete baseEnv.DATABASE_URL;

const results = [];
results.push(await measure('SQLite', { ...baseEnv, DATA_DIR: join(work, 'sqlite') }, 1));
if (postgresBin()) {
  const pg = await startPostgres();
  try {
    for (const processes of [1, 2]) {
      results.push(await measure('PostgreSQL', { ...baseEnv, DATA_DIR: join(work, `pg-${processes}`), DATABASE_URL: pg.url }, processes));
    }
  } finally {
    pg.stop();
  }
} else {
  console.error('PostgreSQL is not installed: only SQLite measured (apt-get install postgresql).');
}

console.log(
  `${cpus().length} cores, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}; ${POSTS} posts per row at concurrency ${CONCURRENCY}, a connection per request`,
);
console.log(
  table(
    ['store', 'processes', 'replies/s', 'p50 ms', 'p95 ms', 'statuses'],
    results.map((r) => [r.name, String(r.processes), String(r.repliesPerSecond), String(r.p50), String(r.p95), JSON.stringify(r.statuses)]),
  ).text,
);
console.log(JSON.stringify(results));
