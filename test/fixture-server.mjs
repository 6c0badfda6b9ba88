// Koa middleware for web-test-runner's server: `/fixture/*` routes whose answers tests control
// through the query string. Everything else falls through to the normal static server.
//   ?delay=ms       wait before answering
//   ?status=N       answer with that status
//   ?type=mime      content type (default application/json)
//   ?body=text      literal body (default: the file named by the path under the repo)
//   ?pad=N          append N spaces to the JSON body (oversize tests)
//   ?nolength=1     send the body chunked, without Content-Length
//   ?hang=1         never answer (given up after 10 s, so a cancelled request never holds a connection)
//   ?failfirst=K    the first request with key K answers 500, later ones normally (retry tests)
// Responses are written to the socket directly: the dev server would otherwise add
// long-lived Cache-Control headers, and a cached failure would defeat retry tests.
import { readFile } from 'node:fs/promises';
import { resolve, normalize } from 'node:path';

const root = resolve(new URL('..', import.meta.url).pathname);
const wait = (ms) => new Promise((r) => setTimeout(r, ms));
const seen = new Set();

function send(ctx, status, body, type = 'application/json; charset=utf-8', chunked = false) {
  ctx.respond = false;
  const buffer = Buffer.from(body);
  const headers = { 'Content-Type': type, 'Cache-Control': 'no-store' };
  if (!chunked) headers['Content-Length'] = buffer.length;
  ctx.res.writeHead(status, headers);
  if (chunked) {
    // Two writes so the body really streams without a length.
    ctx.res.write(buffer.subarray(0, buffer.length >> 1));
    ctx.res.end(buffer.subarray(buffer.length >> 1));
  } else ctx.res.end(buffer);
}

export async function fixtureRoutes(ctx, next) {
  if (!ctx.path.startsWith('/fixture/')) return next();
  const q = ctx.query;
  if (q.hang) {
    ctx.respond = false;
    const socket = ctx.req.socket;
    const gaveUp = await new Promise((r) => {
      socket.once('close', () => r(false));
      ctx.res.once('close', () => r(false));
      setTimeout(() => r(true), 10_000).unref();
    });
    if (gaveUp) socket.destroy();
    return;
  }
  if (q.failfirst && !seen.has(q.failfirst)) {
    seen.add(q.failfirst);
    return send(ctx, 500, '{"error":"first attempt fails"}');
  }
  if (q.delay) await wait(Number(q.delay));
  let body;
  if (typeof q.body === 'string') body = q.body;
  else {
    const file = normalize(resolve(root, ctx.path.slice('/fixture/'.length)));
    if (!file.startsWith(root + '/')) return send(ctx, 403, 'Forbidden', 'text/plain');
    try {
      body = await readFile(file, 'utf8');
    } catch {
      return send(ctx, 404, 'Not found', 'text/plain');
    }
  }
  if (q.pad) body += ' '.repeat(Number(q.pad));
  send(ctx, Number(q.status ?? 200), body, q.type ?? undefined, Boolean(q.nolength));
}
