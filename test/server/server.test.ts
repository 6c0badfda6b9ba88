/**
 * The reference server over real HTTP on 127.0.0.1, against a real SQLite file in a temp folder, or
 * a real PostgreSQL database when DATABASE_URL is set (npm test runs the suite both ways).
 * Run: node --import tsx --test test/server/*.test.ts                       (SQLite)
 *      node scripts/postgres.mjs node --import tsx --test test/server/*.test.ts   (a throwaway PostgreSQL)
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { AppOptions } from '../../src/server/app.js';
import { openSqlite } from '../../src/server/sqlite.js';
import { contentFolder, expectError, post, start as startApp, TOKEN } from './helpers.js';

const EMAIL = 'ann@example.com';
const DEMO_ARTICLES = fileURLToPath(new URL('../../demo/articles/', import.meta.url));
const reply = (extra: Record<string, unknown> = {}) => ({ comment: 'Hello there.', name: 'Ann', email: EMAIL, ...extra });

let root: string;
let contentDir: string;

before(() => {
  root = mkdtempSync(join(tmpdir(), 'article-widgets-server-'));
  contentDir = contentFolder(root);
});
after(() => rmSync(root, { recursive: true, force: true }));

/** Starts the app on port 0 over the test store for `dataDir` (a new temp folder by default). */
const start = (t: TestContext | null, options: Partial<AppOptions> = {}, dataDir = mkdtempSync(join(root, 'data-'))) =>
  startApp(t, { contentDir, ...options }, dataDir);

const admin = (base: string, path: string, method = 'GET', token = TOKEN) =>
  fetch(`${base}/api/admin${path}`, { method, headers: { authorization: `Bearer ${token}` } });

/** GETs public JSON and checks that nothing private is in it. */
async function getPublic(url: string): Promise<any> {
  const res = await fetch(url);
  const text = await res.text();
  assert.equal(res.status, 200, text);
  assert.ok(!text.includes(EMAIL) && !/"(email|ip|ip_hash|ipHash)"/.test(text), `private data in ${text}`);
  return JSON.parse(text);
}

const listReplies = (base: string, query = '') => getPublic(`${base}/api/articles/open-article/replies${query}`);

describe('articles', () => {
  test('GET /api/articles/:id serves the demo article as JSON', async (t) => {
    const { url } = await start(t, { contentDir: DEMO_ARTICLES });
    const res = await fetch(`${url}/api/articles/digital-sovereignty`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type')!, /^application\/json/);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    const article: any = await res.json();
    assert.equal(article.id, 'digital-sovereignty');
    assert.equal(article.comments.open, true);
  });

  test('malformed or unknown article ids are 404', async (t) => {
    const { url } = await start(t);
    for (const id of ['missing', 'Open-Article', '-open-article', '..%2Farticles%2Fopen-article', 'a'.repeat(129), 'open_article']) {
      await expectError(await fetch(`${url}/api/articles/${id}`), 404, 'article_not_found');
      await expectError(await fetch(`${url}/api/articles/${id}/replies`), 404, 'article_not_found');
    }
  });
});

describe('posting replies', () => {
  test('a held reply is 202 pending, hidden until approved, never shows the email', async (t) => {
    const { url } = await start(t);
    const res = await post(url, reply({ website: 'https://ann.example/' }), { 'idempotency-key': 'k-1' });
    assert.equal(res.status, 202);
    const created: any = await res.json();
    assert.equal(created.status, 'pending');
    assert.deepEqual(Object.keys(created.reply).sort(), ['comment', 'id', 'name', 'parent', 'published', 'website']);
    assert.equal(created.reply.website, 'https://ann.example/');
    assert.ok(!JSON.stringify(created).includes(EMAIL));

    assert.deepEqual(await listReplies(url), { replies: [], total: 0, next: null });

    const pending: any = await (await admin(url, '/replies?status=pending')).json();
    assert.equal(pending.total, 1);
    assert.equal(pending.replies[0].email, EMAIL); // the admin may see it
    assert.equal(pending.replies[0].ip_hash, undefined);

    const approved = await admin(url, `/replies/${created.reply.id}/approve`, 'POST');
    assert.equal(approved.status, 200);
    const page = await listReplies(url);
    assert.equal(page.total, 1);
    assert.deepEqual(page.replies, [created.reply]);
    assert.equal((await (await admin(url, '/replies?status=pending')).json()).total, 0);
  });

  test('with moderation "publish" a reply is 201 and listed at once, answers keep their parent', async (t) => {
    const { url } = await start(t, { moderation: 'publish', rateLimitMs: 0 });
    const first = await post(url, reply());
    assert.equal(first.status, 201);
    const parent: any = await first.json();
    assert.equal(parent.status, 'published');
    const answer = await post(url, reply({ comment: 'An answer.', parent: parent.reply.id }));
    assert.equal(answer.status, 201);
    const page = await listReplies(url);
    assert.equal(page.total, 2);
    assert.deepEqual(
      page.replies.map((r: any) => r.parent),
      [null, parent.reply.id],
    );
  });

  test('invalid replies are 400 with one message per field', async (t) => {
    const { url } = await start(t);
    const cases: [string, unknown, Record<string, string>][] = [
      ['empty body', {}, { comment: 'Comment is required.', name: 'Name is required.', email: 'Email is required.' }],
      ['blank name', reply({ name: '   ' }), { name: 'Name is required.' }],
      // 123 × "é" is 123 characters but 246 UTF-8 bytes: over the 245-byte limit.
      ['multi-byte name over 245 bytes', reply({ name: 'é'.repeat(123) }), { name: 'Name is too long (max 245 bytes).' }],
      ['comment over 65525 bytes', reply({ comment: '😀'.repeat(16382) }), { comment: 'Comment is too long (max 65525 bytes).' }],
      ['bad email', reply({ email: 'ann-at-example' }), { email: 'Enter a valid email address.' }],
      ['javascript: website', reply({ website: 'javascript:alert(1)' }), { website: 'Website must start with http:// or https://.' }],
      ['unknown parent', reply({ parent: 'no-such-reply' }), { parent: 'The reply you are answering was not found.' }],
    ];
    for (const [name, body, fields] of cases) {
      const error = await expectError(await post(url, body), 400, 'invalid_reply');
      assert.deepEqual(error.fields, fields, name);
    }
    await expectError(await post(url, '{"comment":'), 400, 'invalid_json');
    // Nothing was stored by any of them.
    assert.equal((await (await admin(url, '/replies?status=pending')).json()).total, 0);
  });

  test('refusals: 403 closed, 404 unknown article, 413 too large, 415 not JSON', async (t) => {
    const { url } = await start(t);
    const big = JSON.stringify(reply({ comment: 'x'.repeat(300 * 1024) }));
    const endpoint = `${url}/api/articles/open-article/replies`;
    const cases: [string, () => Promise<Response>, number, string][] = [
      ['closed comments', () => post(url, reply(), {}, 'closed-article'), 403, 'comments_closed'],
      ['unknown article', () => post(url, reply(), {}, 'no-such-article'), 404, 'article_not_found'],
      ['too large, with Content-Length', () => post(url, big), 413, 'payload_too_large'],
      [
        'too large, streamed without Content-Length (counted while reading)',
        () =>
          fetch(endpoint, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: new Blob([big]).stream(),
            duplex: 'half',
          } as RequestInit),
        413,
        'payload_too_large',
      ],
      ['text/plain', () => post(url, JSON.stringify(reply()), { 'content-type': 'text/plain' }), 415, 'unsupported_media_type'],
      [
        'a cross-site HTML form post',
        () => fetch(endpoint, { method: 'POST', body: new URLSearchParams(reply()) }),
        415,
        'unsupported_media_type',
      ],
      [
        'no content type',
        () => fetch(endpoint, { method: 'POST', body: new Blob([JSON.stringify(reply())]) }),
        415,
        'unsupported_media_type',
      ],
    ];
    for (const [name, send, status, code] of cases) {
      await t.test(name, async () => {
        await expectError(await send(), status, code);
      });
    }
  });

  test('a duplicate reply is 409', async (t) => {
    const { url } = await start(t);
    assert.equal((await post(url, reply())).status, 202);
    await expectError(await post(url, reply()), 409, 'duplicate');
  });

  test('one sender posting again within 15 seconds gets 429 with Retry-After', async (t) => {
    const { url } = await start(t);
    assert.equal((await post(url, reply())).status, 202);
    // Different text and email, same IP (127.0.0.1).
    const res = await post(url, reply({ comment: 'Another thought.', email: 'other@example.com' }));
    const retryAfter = Number(res.headers.get('retry-after'));
    await expectError(res, 429, 'too_many_requests');
    assert.ok(retryAfter >= 1 && retryAfter <= 15, `Retry-After: ${retryAfter}`);
  });

  test('a retry with the same Idempotency-Key and body returns the first result; another body is 422', async (t) => {
    const { url } = await start(t);
    const headers = { 'idempotency-key': '6f1c2a55-2d2b-4c55-9d39-0b8b1d7a9e01' };
    const first = await post(url, reply(), headers);
    const retry = await post(url, reply(), headers);
    assert.equal(first.status, 202);
    assert.equal(retry.status, 202);
    assert.deepEqual(await retry.json(), await first.json());
    assert.equal((await (await admin(url, '/replies?status=pending')).json()).total, 1);

    await expectError(await post(url, reply({ comment: 'Edited.' }), headers), 422, 'idempotency_key_reused');
    await expectError(await post(url, reply(), { 'idempotency-key': 'bad key' }), 400, 'invalid_idempotency_key');
  });

  test('a filled honeypot looks accepted but is stored as spam', async (t) => {
    const { url } = await start(t, { moderation: 'publish' });
    const res = await post(url, reply({ url_confirm: 'http://spam.example/' }));
    assert.equal(res.status, 202);
    assert.equal(((await res.json()) as any).status, 'pending');
    assert.equal((await listReplies(url)).total, 0);
    assert.equal((await (await admin(url, '/replies?status=pending')).json()).total, 0);
    assert.equal((await (await admin(url, '/replies?status=spam')).json()).total, 1);
  });
});

describe('listing', () => {
  test('pages with an opaque cursor, in either order', async (t) => {
    const { url } = await start(t, { moderation: 'publish', rateLimitMs: 0 });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(((await (await post(url, reply({ comment: `Reply ${i}` }))).json()) as any).reply.id);

    for (const order of ['asc', 'desc']) {
      const seen: string[] = [];
      let query = `?limit=2&order=${order}`;
      for (;;) {
        const page = await listReplies(url, query);
        assert.equal(page.total, 5);
        assert.ok(page.replies.length <= 2);
        seen.push(...page.replies.map((r: any) => r.id));
        if (!page.next) break;
        query = `?limit=2&order=${order}&cursor=${encodeURIComponent(page.next)}`;
      }
      assert.deepEqual(seen, order === 'asc' ? ids : [...ids].reverse());
    }
    assert.equal((await listReplies(url)).replies.length, 5); // default limit 50
    assert.equal((await listReplies(url, '?limit=100000')).replies.length, 5); // clamped to 200, not refused

    for (const [query, field] of [
      ['?limit=0', 'limit'],
      ['?limit=ten', 'limit'],
      ['?order=up', 'order'],
      ['?cursor=nonsense', 'cursor'],
    ]) {
      const error = await expectError(await fetch(`${url}/api/articles/open-article/replies${query}`), 400, 'invalid_query');
      assert.ok(field! in (error.fields ?? {}), query);
    }
  });
});

describe('admin', () => {
  test('a missing or bad token gets 401 and the same body everywhere', async (t) => {
    const { url } = await start(t);
    const endpoints: [string, string][] = [
      ['GET', '/replies?status=pending'],
      ['POST', '/replies/x/approve'],
      ['POST', '/replies/x/spam'],
      ['DELETE', '/replies/x'],
    ];
    const bodies = new Set<string>();
    for (const [method, path] of endpoints) {
      for (const authorization of [undefined, `Bearer wrong-${TOKEN}`, `Bearer ${TOKEN.slice(0, -1)}`, `Basic ${TOKEN}`, 'Bearer ']) {
        const res = await fetch(`${url}/api/admin${path}`, { method, headers: authorization ? { authorization } : {} });
        assert.equal(res.status, 401, `${method} ${path} with ${authorization}`);
        assert.equal(res.headers.get('www-authenticate'), 'Bearer');
        bodies.add(await res.text());
      }
    }
    assert.equal(bodies.size, 1);
    assert.deepEqual(JSON.parse([...bodies][0]!), { error: { code: 'unauthorized', message: 'Authentication required.' } });
  });

  test('spam, delete and 404 for unknown ids; deleting a reply moves its answers up', async (t) => {
    const { url } = await start(t, { moderation: 'publish', rateLimitMs: 0 });
    const parent: any = await (await post(url, reply())).json();
    const child: any = await (await post(url, reply({ comment: 'Answer.', parent: parent.reply.id }))).json();
    const spam: any = await (await post(url, reply({ comment: 'Buy now.' }))).json();

    const marked = await admin(url, `/replies/${spam.reply.id}/spam`, 'POST');
    assert.equal(marked.status, 200);
    assert.equal(((await marked.json()) as any).reply.status, 'spam');

    assert.equal((await admin(url, `/replies/${parent.reply.id}`, 'DELETE')).status, 204);
    const page = await listReplies(url);
    assert.deepEqual(
      page.replies.map((r: any) => [r.id, r.parent]),
      [[child.reply.id, null]],
    );

    for (const [method, path] of [
      ['POST', '/approve'],
      ['POST', '/spam'],
      ['DELETE', ''],
    ]) {
      await expectError(await admin(url, `/replies/${parent.reply.id}${path}`, method), 404, 'reply_not_found');
    }
    await expectError(await admin(url, '/replies?status=deleted'), 400, 'invalid_query');
  });
});

describe('cross-origin', () => {
  test('CORS only for configured origins, preflight included', async (t) => {
    const allowed = 'https://blog.example';
    const { url } = await start(t, { allowedOrigins: [allowed] });
    const endpoint = `${url}/api/articles/open-article/replies`;
    for (const [origin, ok] of [
      [allowed, true],
      ['https://evil.example', false],
      [`${allowed}.evil.example`, false],
    ] as const) {
      const preflight = await fetch(endpoint, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,idempotency-key',
        },
      });
      assert.equal(preflight.status, 204);
      assert.equal(preflight.headers.get('access-control-allow-origin'), ok ? origin : null, origin);
      if (ok) {
        assert.match(preflight.headers.get('access-control-allow-methods')!, /POST/);
        const headers = preflight.headers.get('access-control-allow-headers')!.toLowerCase().split(',');
        assert.ok(headers.includes('content-type') && headers.includes('idempotency-key'));
      }
      const get = await fetch(endpoint, { headers: { origin } });
      assert.equal(get.status, 200);
      assert.equal(get.headers.get('access-control-allow-origin'), ok ? origin : null);
    }
    // The admin API is never opened to other origins.
    const adminRes = await fetch(`${url}/api/admin/replies`, { headers: { origin: allowed, authorization: `Bearer ${TOKEN}` } });
    assert.equal(adminRes.headers.get('access-control-allow-origin'), null);
  });
});

describe('storage', () => {
  test('replies survive a restart', async (t) => {
    const first = await start(t);
    const created: any = await (await post(first.url, reply(), { 'idempotency-key': 'restart-key' })).json();
    assert.equal((await admin(first.url, `/replies/${created.reply.id}/approve`, 'POST')).status, 200);
    await first.close();

    const second = await start(t, {}, first.dataDir);
    const page = await listReplies(second.url);
    assert.deepEqual(page.replies, [created.reply]);
    // The idempotency record survived too: a late retry still gets the first answer.
    const retry = await post(second.url, reply(), { 'idempotency-key': 'restart-key' });
    assert.equal(retry.status, 202);
    assert.deepEqual(await retry.json(), created);
  });

  test('the SQLite file is in WAL mode with synchronous=FULL', () => {
    const db = openSqlite(join(mkdtempSync(join(root, 'pragma-')), 'replies.sqlite'));
    try {
      assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
      assert.equal(db.pragma('synchronous', { simple: true }), 2); // FULL
    } finally {
      db.close();
    }
  });
});

describe('static files', () => {
  /** GET with the path sent exactly as written (fetch would normalise `..`). */
  function rawGet(base: string, path: string): Promise<{ status: number; type?: string; location?: string }> {
    return new Promise((resolve, reject) => {
      request(`${base}${path}`, { path }, (res) => {
        res.resume();
        resolve({ status: res.statusCode!, type: res.headers['content-type'], location: res.headers.location });
      })
        .on('error', reject)
        .end();
    });
  }

  test('serves demo/ and dist/ with content types, and nothing else', async (t) => {
    const staticRoot = mkdtempSync(join(root, 'site-'));
    mkdirSync(join(staticRoot, 'demo'));
    mkdirSync(join(staticRoot, 'dist'));
    writeFileSync(join(staticRoot, 'demo', 'index.html'), '<!doctype html><title>demo</title>');
    writeFileSync(join(staticRoot, 'dist', 'article-widgets.js'), 'export {};');
    writeFileSync(join(staticRoot, 'secret.txt'), 'secret');
    const { url } = await start(t, { staticRoot });

    assert.deepEqual(await rawGet(url, '/'), { status: 302, type: undefined, location: '/demo/' });
    const cases: [string, number, RegExp][] = [
      ['/demo/', 200, /^text\/html/],
      ['/demo/index.html', 200, /^text\/html/],
      ['/dist/article-widgets.js', 200, /^text\/javascript/],
      ['/secret.txt', 404, /^application\/json/],
      ['/demo/../secret.txt', 404, /^application\/json/],
      ['/demo/%2e%2e/secret.txt', 404, /^application\/json/],
      ['/dist/..%2fsecret.txt', 404, /^application\/json/],
    ];
    for (const [path, status, type] of cases) {
      const res = await rawGet(url, path);
      assert.equal(res.status, status, path);
      assert.match(res.type ?? '', type, path);
    }
  });

  test('hashed chunks are cached for a year; the entry bundle and the demo are revalidated on every use', async (t) => {
    const staticRoot = mkdtempSync(join(root, 'site-'));
    mkdirSync(join(staticRoot, 'demo'));
    mkdirSync(join(staticRoot, 'dist', 'chunks'), { recursive: true });
    writeFileSync(join(staticRoot, 'demo', 'index.html'), '<!doctype html><title>demo</title>');
    writeFileSync(join(staticRoot, 'dist', 'article-widgets.js'), 'export {};');
    writeFileSync(join(staticRoot, 'dist', 'chunks', 'validation-AbC123.js'), 'export {};');
    const { url } = await start(t, { staticRoot });
    const cacheControl = async (path: string) => (await fetch(`${url}${path}`)).headers.get('cache-control');
    assert.equal(await cacheControl('/dist/chunks/validation-AbC123.js'), 'public, max-age=31536000, immutable');
    assert.equal(await cacheControl('/dist/article-widgets.js'), 'no-cache');
    assert.equal(await cacheControl('/demo/index.html'), 'no-cache');
  });

  test('without staticRoot nothing but the API is served, and errors are JSON', async (t) => {
    const { url } = await start(t);
    const res = await fetch(`${url}/demo/index.html`);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    await expectError(res, 404, 'not_found');
  });
});
