// A small static server for the page loads: node:http on 127.0.0.1, port 0, files held in memory
// with their gzip (-9) and brotli (q11) forms, served compressed as the browser asks (as a CDN would).
// It logs every request so a run can tell what each page load fetched.
import { createServer } from 'node:http';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
};

export async function startStaticServer() {
  /** path → { body, gzip?, brotli?, type } */
  const files = new Map();
  const log = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const file = files.get(path);
    log.push({ path, t: performance.now(), encoding: req.headers['accept-encoding'] ?? '' });
    if (!file) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":{"code":"not_found","message":"Not found."}}');
      return;
    }
    const accept = String(req.headers['accept-encoding'] ?? '');
    const headers = { 'content-type': file.type, vary: 'accept-encoding' };
    let body = file.body;
    if (/\bbr\b/.test(accept)) {
      file.brotli ??= brotliCompressSync(file.body, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: file.body.length },
      });
      body = file.brotli;
      headers['content-encoding'] = 'br';
    } else if (/\bgzip\b/.test(accept)) {
      file.gzip ??= gzipSync(file.body, { level: 9 });
      body = file.gzip;
      headers['content-encoding'] = 'gzip';
    }
    headers['content-length'] = body.length;
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  server.keepAliveTimeout = 5000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    /** Adds a file at `path`; body is a string or Buffer. Compressed forms are made once, on first request. */
    put(path, body, type) {
      const ext = path.slice(path.lastIndexOf('.'));
      files.set(path, { body: Buffer.isBuffer(body) ? body : Buffer.from(body), type: type ?? TYPES[ext] ?? 'application/octet-stream' });
    },
    /** Compresses every file now, so no load pays for it. */
    warm() {
      for (const file of files.values()) {
        file.gzip ??= gzipSync(file.body, { level: 9 });
        file.brotli ??= brotliCompressSync(file.body, {
          params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: file.body.length },
        });
      }
    },
    takeLog() {
      return log.splice(0, log.length);
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(resolve);
      }),
  };
}
