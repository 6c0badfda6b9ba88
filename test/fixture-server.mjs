// Koa middleware for web-test-runner's server: `/fixture/*` routes whose answers tests control
// through the query string, and `/shared/samples/*`, `/shared/seeds/*`: the third-party documents in
// the shared folder beside the checkout (test/helpers/shared.mjs finds it), which take the same options.
// Everything else falls through to the normal static server.
//   ?delay=ms       wait before answering
//   ?status=N       answer with that status
//   ?type=mime      content type (default application/json; text/plain for a shared .md or .txt)
//   ?body=text      literal body (default: the file named by the path under the repo, or under shared/)
//   ?pad=N          append N spaces to the JSON body (oversize tests)
//   ?nolength=1     send the body chunked, without Content-Length
//   ?hang=1         never answer (given up after 10 s, so a cancelled request never holds a connection)
//   ?failfirst=K    the first request with key K answers 500, later ones normally (retry tests)
// Responses are written to the socket directly: the dev server would otherwise add
// long-lived Cache-Control headers, and a cached failure would defeat retry tests.
import { readFile } from 'node:fs/promises';
import { resolve, normalize } from 'node:path';
import { sharedDir, sharedFile } from './helpers/shared.mjs';

const root = resolve(new URL('..', import.meta.url).pathname);
const wait = (ms) => new Promise((r) => setTimeout(r, ms));
const seen = new Set();
// Checked when the server starts: without the shared folder the sample tests cannot run, and a run
// that cannot find it stops here with the reason rather than failing (or passing) test by test.
sharedDir();
const JSON_TYPE = 'application/json; charset=utf-8';
const TEXT_TYPE = 'text/plain; charset=utf-8';

function send(ctx, status, body, type = JSON_TYPE, chunked = false) {
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

/** The file a `/fixture/<path under the repo>` request names, or a 403/404 answer. */
function repoFile(path) {
  const file = normalize(resolve(root, path));
  if (!file.startsWith(root + '/')) return { status: 403 };
  return { file, type: JSON_TYPE };
}

/** The file a `/shared/<samples|seeds>/<name>` request names, or a 404 answer. */
function sharedRequestFile(path) {
  let relative;
  try {
    relative = decodeURIComponent(path);
  } catch {
    return { status: 404 };
  }
  const file = sharedFile(relative);
  if (!file) return { status: 404 };
  return { file, type: /\.json$/i.test(file) ? JSON_TYPE : TEXT_TYPE };
}

export async function fixtureRoutes(ctx, next) {
  let target;
  if (ctx.path.startsWith('/fixture/')) target = () => repoFile(ctx.path.slice('/fixture/'.length));
  else if (ctx.path.startsWith('/shared/')) target = () => sharedRequestFile(ctx.path.slice('/shared/'.length));
  else return next();
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
  let type = JSON_TYPE;
  if (typeof q.body === 'string') body = q.body;
  else {
    const { file, type: fileType, status } = target();
    if (status === 403) return send(ctx, 403, 'Forbidden', TEXT_TYPE);
    if (!file) return send(ctx, 404, 'Not found', TEXT_TYPE);
    type = fileType;
    try {
      body = await readFile(file, 'utf8');
    } catch {
      return send(ctx, 404, 'Not found', TEXT_TYPE);
    }
  }
  if (q.pad) body += ' '.repeat(Number(q.pad));
  send(ctx, Number(q.status ?? 200), body, q.type ?? type, Boolean(q.nolength));
}
