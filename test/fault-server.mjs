// Koa middleware for web-test-runner: a faulty proxy in front of the REAL reference server, so the
// elements are tested against the failures a reader meets on the way to a server (a crashing app, a
// proxy's error page, a rate limit, a broken or stalled connection, a redirect elsewhere, a late
// answer) while the server behind stays the real one (test/reply-server.mjs, src/server/app.ts on
// SQLite), which stores a reply before the answer is spoilt, as in life.
//
//   /fault/<case>/<token>/<path>   forwards <path> (e.g. /api/articles/ID/replies) over HTTP to this same
//                        server, then spoils the answer as <case> says (the table below). `<case>:<ms>`
//                        sets the wait of `stall`, `drop` and `late`. Every request under <token> is
//                        spoilt until the token is healed; from then on they pass through unchanged.
//   POST /fault-control/<token>/heal    the server behind <token> recovers
//   GET  /fault-control/<token>         {requests: [{method, key, faulted}]}: what reached the proxy
//                        under <token>, in order (`key`: the Idempotency-Key, or null)
//   /fault-landing/...   where `redirect` sends: the other loopback name (localhost for 127.0.0.1, and
//                        back), another origin, answering without any CORS header
// demo/faults.html imports FAULTS for its menu, so this module needs nothing from Node at load time.

/** Every case: what the proxy does, and whether the real server has run (and stored a post) before. */
export const FAULTS = {
  500: { label: '500 Internal Server Error', forwards: false, does: "answers 500 with the API's own error body" },
  502: {
    label: '502 Bad Gateway (HTML)',
    forwards: true,
    does: "lets the server store it, then answers 502 with a proxy's HTML error page",
  },
  429: { label: '429 Too Many Requests', forwards: false, does: 'answers 429 with Retry-After: 30' },
  truncated: {
    label: 'Truncated body',
    forwards: true,
    does: 'sends the headers and half the body (Content-Length says all), then closes the connection',
  },
  cut: {
    label: 'JSON cut in the middle',
    forwards: true,
    does: 'sends half the body as a complete answer (Content-Length matches): JSON cut in the middle',
  },
  stall: { label: 'Body that never ends', forwards: true, does: 'sends the headers and a few bytes, then nothing (held for 10 s)' },
  redirect: { label: 'Redirect to another origin', forwards: false, does: 'answers 302 to another origin that sends no CORS headers' },
  drop: {
    label: 'Dropped connection',
    forwards: true,
    does: 'lets the server store it, then closes the connection without an answer (after 400 ms)',
  },
  late: { label: 'Answers late', forwards: true, does: 'lets the server store it, then answers after 2 s' },
};

const WAITS = { stall: 10_000, drop: 400, late: 2_000 };
/** token → the requests seen; `healed` tokens pass through. */
const seen = new Map();
const healed = new Set();

const PROXY_PAGE = `<!DOCTYPE html>
<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>nginx</center>
</body>
</html>
`;

function answer(ctx, status, headers, body = '') {
  ctx.respond = false;
  const buffer = Buffer.from(body);
  ctx.res.writeHead(status, { 'Cache-Control': 'no-store', 'Content-Length': buffer.length, ...headers });
  ctx.res.end(buffer);
}

const json = (ctx, status, value, headers = {}) =>
  answer(ctx, status, { 'Content-Type': 'application/json', ...headers }, JSON.stringify(value));

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Resolves when the client has gone (or after `ms`): true if it is still there. */
function clientStays(ctx, ms) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(!ctx.req.socket.destroyed), ms);
    timer.unref?.();
    ctx.req.socket.once('close', () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}

/** Sends the request on to `path` on this server, as a proxy would; resolves with the whole answer. */
async function forward(ctx, path) {
  const headers = {};
  for (const name of ['accept', 'content-type', 'idempotency-key']) {
    const value = ctx.get(name);
    if (value) headers[name] = value;
  }
  const body = ctx.method === 'GET' || ctx.method === 'HEAD' ? undefined : await readBody(ctx.req);
  const response = await fetch(`http://127.0.0.1:${ctx.req.socket.localPort}${path}`, {
    method: ctx.method,
    headers,
    body,
    redirect: 'manual',
  });
  const kept = {};
  for (const name of ['content-type', 'retry-after', 'location']) {
    const value = response.headers.get(name);
    if (value) kept[name] = value;
  }
  return { status: response.status, headers: kept, body: Buffer.from(await response.arrayBuffer()) };
}

function landing(ctx) {
  // Another origin that never heard of the page: no Access-Control-* header, for the preflight either.
  if (ctx.method === 'OPTIONS') return answer(ctx, 204, {});
  return json(ctx, 200, { landed: true });
}

function control(ctx, token, action) {
  if (action === 'heal') {
    healed.add(token);
    return json(ctx, 200, { healed: token });
  }
  return json(ctx, 200, { requests: seen.get(token) ?? [] });
}

export async function faultServer(ctx, next) {
  if (ctx.path.startsWith('/fault-landing/')) return landing(ctx);
  const ctl = /^\/fault-control\/([\w-]+)(?:\/(heal))?$/.exec(ctx.path);
  if (ctl) return control(ctx, ctl[1], ctl[2]);
  const match = /^\/fault\/(\w+)(?::(\d+))?\/([\w-]+)(\/.*)$/.exec(ctx.path);
  if (!match) return next();
  const [, name, ms, token, rest] = match;
  if (!(name in FAULTS)) return json(ctx, 404, { error: { code: 'not_found', message: `No fault "${name}".` } });
  const path = rest + (ctx.querystring ? `?${ctx.querystring}` : '');
  const faulted = !healed.has(token);
  const log = seen.get(token) ?? [];
  seen.set(token, log);
  log.push({ method: ctx.method, key: ctx.get('idempotency-key') || null, faulted });

  if (!faulted) {
    const real = await forward(ctx, path);
    return answer(ctx, real.status, real.headers, real.body);
  }
  const pause = Number(ms ?? WAITS[name] ?? 0);
  switch (name) {
    case '500':
      return json(ctx, 500, { error: { code: 'internal', message: 'Something went wrong on the server.' } });
    case '429':
      return json(
        ctx,
        429,
        { error: { code: 'too_many_requests', message: 'You are posting replies too quickly. Please wait a moment.' } },
        { 'Retry-After': '30' },
      );
    case 'redirect': {
      const other = ctx.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
      return answer(ctx, 302, { Location: `http://${other}:${ctx.req.socket.localPort}/fault-landing${path}` });
    }
  }
  // The rest let the real server answer (and store a post) first.
  const real = await forward(ctx, path);
  ctx.respond = false;
  const { res } = ctx;
  const socket = ctx.req.socket;
  const half = real.body.subarray(0, real.body.length >> 1);
  switch (name) {
    case '502':
      return answer(ctx, 502, { 'Content-Type': 'text/html' }, PROXY_PAGE);
    case 'cut':
      return answer(ctx, real.status, real.headers, half);
    case 'truncated':
      res.writeHead(real.status, { 'Cache-Control': 'no-store', ...real.headers, 'Content-Length': real.body.length });
      // Written out first, then the connection closes with the rest missing.
      res.write(half, () => socket.destroy());
      return;
    case 'stall':
      res.writeHead(real.status, { 'Cache-Control': 'no-store', ...real.headers, 'Content-Length': real.body.length });
      res.write(real.body.subarray(0, Math.min(8, half.length)));
      if (await clientStays(ctx, pause)) socket.destroy(); // never held past `pause`
      return;
    case 'drop':
      // No answer at all; the status only keeps the dev server from logging it as a 404.
      ctx.status = 200;
      await clientStays(ctx, pause);
      socket.destroy();
      return;
    case 'late':
      if (!(await clientStays(ctx, pause))) {
        ctx.status = real.status; // the client gave up, as the test intends: not a 404 in the log
        return;
      }
      res.writeHead(real.status, { 'Cache-Control': 'no-store', ...real.headers, 'Content-Length': real.body.length });
      res.end(real.body);
      return;
  }
}
