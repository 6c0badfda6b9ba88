// Server throughput: a bounded loop with fixed concurrency against servers on 127.0.0.1 only,
// each phase ending at N requests or T seconds, whichever comes first.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { percentile, round, ratio } from './stats.mjs';

/** Starts bench/lib/server-child.mjs under tsx; resolves to its ports and a stop function. */
async function startServers(root) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'bench/lib/server-child.mjs')], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const line = await new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout });
    rl.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`server child exited with ${code}`)));
  });
  const info = JSON.parse(line);
  return {
    ...info,
    stop: () =>
      new Promise((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.stdin.end();
      }),
  };
}

/**
 * Sends requests made by `make(i)` with `concurrency` in flight until `maxRequests` were sent or
 * `maxSeconds` passed. Returns throughput and latency percentiles of the requests that completed.
 */
export async function load({ make, concurrency, maxRequests, maxSeconds, expect }) {
  const latencies = [];
  const statuses = {};
  let next = 0;
  let errors = 0;
  const started = performance.now();
  const deadline = started + maxSeconds * 1000;
  async function worker() {
    while (next < maxRequests && performance.now() < deadline) {
      const i = next++;
      const { url, init } = make(i);
      const t0 = performance.now();
      try {
        const res = await fetch(url, init);
        await res.arrayBuffer();
        latencies.push(performance.now() - t0);
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        if (!expect.includes(res.status)) errors++;
      } catch {
        errors++;
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  return {
    requests: latencies.length,
    seconds: round(seconds, 2),
    perSecond: round(latencies.length / seconds, 0),
    p50: round(percentile(latencies, 50), 2),
    p99: round(percentile(latencies, 99), 2),
    statuses,
    errors,
  };
}

export async function runServerBench({ root, concurrency = 16, onProgress }) {
  const servers = await startServers(root);
  const base = `http://127.0.0.1:${servers.app}`;
  const noopBase = `http://127.0.0.1:${servers.noop}`;
  const article = 'digital-sovereignty';
  const runId = Date.now().toString(36);
  let posted = 0;
  const post = (tag) => () => {
    const n = posted++;
    return {
      url: `${base}/api/articles/${article}/replies`,
      init: {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `bench-${runId}-${tag}-${n}` },
        // A distinct comment each time: the same one twice is refused as a duplicate (409).
        body: JSON.stringify({
          name: 'Bench Reader',
          email: 'reader@example.com',
          website: null,
          comment: `Benchmark reply ${runId} ${tag} #${n}: a short comment of ordinary length for the measurement.`,
        }),
      },
    };
  };
  const get = () => ({ url: `${base}/api/articles/${article}/replies?limit=50`, init: undefined });
  const noopGet = () => ({ url: `${noopBase}/noop`, init: undefined });
  const noopPost = (i) => ({
    url: `${noopBase}/noop`,
    init: {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Bench Reader',
        email: 'reader@example.com',
        website: null,
        comment: `Benchmark noop #${i}: a short comment of ordinary length for the measurement.`,
      }),
    },
  });
  try {
    const phases = {};
    const run = async (name, make, maxRequests, maxSeconds, expect) => {
      await load({ make, concurrency, maxRequests: 200, maxSeconds: 3, expect }); // warm-up, not counted
      phases[name] = await load({ make, concurrency, maxRequests, maxSeconds, expect });
      onProgress?.(`server: ${name}: ${phases[name].requests} requests in ${phases[name].seconds} s`);
    };
    // The bare GET, the real POST and GET, then the bare POST (which reads its body, as the real one does).
    await run('noopGet', noopGet, 20_000, 5, [200]);
    await run('post', post('m'), 5_000, 10, [201]);
    await run('read', get, 10_000, 8, [200]);
    await run('noopPost', noopPost, 20_000, 5, [200]);
    const total = await (await fetch(`${base}/api/articles/${article}/replies?limit=1`)).json();
    return {
      concurrency,
      sqlite: 'fresh file in the OS temp folder (WAL, synchronous=FULL, as openSqlite sets)',
      repliesInDatabase: total.total,
      phases,
      ratios: {
        postVsNoopGet: ratio(phases.post.perSecond, phases.noopGet.perSecond),
        postVsNoopPost: ratio(phases.post.perSecond, phases.noopPost.perSecond),
        readVsNoopGet: ratio(phases.read.perSecond, phases.noopGet.perSecond),
      },
    };
  } finally {
    await servers.stop();
  }
}
