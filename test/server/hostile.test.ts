/**
 * The reference server against hostile input and a hostile environment, over real HTTP on
 * 127.0.0.1 and a real SQLite file: malformed text, near-duplicates, rate-limit abuse, a broken
 * content file, cancelled uploads, the data folder deleted under a running server, and the
 * hostile corpus (test/fixtures/hostile/replies.mjs) in one loop.
 * Run: node --import tsx --test test/server/hostile.test.ts
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, SqliteDialect, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs } from 'kysely';
import { validateReplyInput } from '../../src/data/reply.js';
import { openSqlite } from '../../src/server/sqlite.js';
import { createKyselyStore, migrate, MIGRATIONS, type Database } from '../../src/server/store.js';
import { HOSTILE_REPLIES, parsedBody, requestBody, schemaCases } from '../fixtures/hostile/replies.mjs';
import {
  admin,
  contentFolder,
  expectError,
  POSTGRES_URL,
  post,
  postFrom,
  serveStore,
  start,
  startSqlite,
  testDatabaseUrl,
} from './helpers.js';

let root: string;
let contentDir: string;

before(() => {
  root = mkdtempSync(join(tmpdir(), 'article-widgets-hostile-'));
  contentDir = contentFolder(root);
});
after(() => rmSync(root, { recursive: true, force: true }));

const reply = (extra: Record<string, unknown> = {}) => ({ comment: 'Hello there.', name: 'Ann', email: 'ann@example.com', ...extra });
const total = async (url: string, status = 'published') =>
  ((await (await admin(url, `/replies?status=${status}`)).json()) as { total: number }).total;
/** console.error, recorded (and kept off the test output) for the rest of the test. */
const errorLog = (t: TestContext) => t.mock.method(console, 'error', () => {});
const logged = (log: ReturnType<typeof errorLog>) => log.mock.calls.map((call) => call.arguments.map(String).join(' '));

describe('malformed text', () => {
  test('controls and lone surrogates are refused with a field error and never stored; tab, newline and CR stay in the comment', async (t) => {
    const { url } = await start(t, { contentDir, moderation: 'publish', rateLimitMs: 0 });
    const cases: [Record<string, unknown>, string, string][] = [
      [{ comment: 'a\u0000b' }, 'comment', 'Comment contains characters that cannot be shown.'],
      [{ name: 'Ann\u0000' }, 'name', 'Name contains characters that cannot be shown.'],
      [{ email: 'ann\u0000@example.com' }, 'email', 'Email contains characters that cannot be shown.'],
      [{ website: 'https://ann.example/\u0000' }, 'website', 'Website contains characters that cannot be shown.'],
      [{ comment: 'escape \u001b[2J' }, 'comment', 'Comment contains characters that cannot be shown.'],
      [{ name: 'Ann\u0085' }, 'name', 'Name contains characters that cannot be shown.'],
      [{ name: 'Ann\tLee' }, 'name', 'Name contains characters that cannot be shown.'],
      [{ comment: 'half \ud800 a pair' }, 'comment', 'Comment contains characters that cannot be shown.'],
      [{ name: '\udfffAnn' }, 'name', 'Name contains characters that cannot be shown.'],
    ];
    for (const [extra, field, message] of cases) {
      // JSON.stringify writes a lone surrogate as the escape `\ud800`, which JSON.parse turns back into one.
      const error = await expectError(await post(url, reply(extra)), 400, 'invalid_reply');
      assert.deepEqual(error.fields, { [field]: message }, JSON.stringify(extra));
    }
    assert.equal(await total(url), 0);

    const kept = 'Line one\r\n\tindented\nline three';
    const res = await post(url, reply({ comment: kept }));
    assert.equal(res.status, 201);
    assert.equal(((await res.json()) as any).reply.comment, kept);
  });

  test('a comment at the byte limit made of the characters JSON escapes (quote, backslash, newline) fits the body limit', async (t) => {
    const { url } = await start(t, { contentDir, moderation: 'publish', rateLimitMs: 0 });
    const comment = `${'"\\\n'.repeat(21841)}xx`; // 65,525 bytes; about 131 KB as JSON
    assert.equal(Buffer.byteLength(comment), 65525);
    const res = await post(url, reply({ comment }));
    assert.equal(res.status, 201, await res.clone().text());
    assert.equal(((await res.json()) as any).reply.comment, comment);
  });

  test('a name or comment of invisible characters only is "required"', async (t) => {
    const { url } = await start(t, { contentDir, rateLimitMs: 0 });
    const invisible = ['\u200b\u200c\u200d', '\u2060\ufeff\u00ad', '\u200e\u200f', '\u3164', '\u115f\u1160', '\u00a0\u3000', '\u2800'];
    for (const text of invisible) {
      const label = [...text].map((c) => c.codePointAt(0)!.toString(16)).join(' ');
      const error = await expectError(await post(url, reply({ name: text, comment: `${text}\u202e\u2066\u2069` })), 400, 'invalid_reply');
      assert.deepEqual(error.fields, { name: 'Name is required.', comment: 'Comment is required.' }, label);
    }
    // Inside visible text they are kept as written: ZWNJ belongs in Persian, ZWJ in emoji sequences.
    const res = await post(url, reply({ name: 'می\u200cخواهم' }));
    assert.equal(res.status, 202);
    assert.equal(((await res.json()) as any).reply.name, 'می\u200cخواهم');
  });

  test('a body that is not UTF-8 is invalid_json, never stored with U+FFFD in its place', async (t) => {
    const { url } = await start(t, { contentDir, moderation: 'publish', rateLimitMs: 0 });
    const json = Buffer.from(JSON.stringify(reply({ comment: 'Latin-1: XX' })));
    json.set([0xe9, 0xff], json.indexOf('XX')); // "é" in Latin-1, and a byte no UTF-8 has
    await expectError(await post(url, new Blob([json])), 400, 'invalid_json');
    assert.equal(await total(url), 0);
  });
});

describe('duplicates', () => {
  test('the duplicate check compares normalized text: case, spacing, zero-width, NFC/NFD, full width and email case are the same reply', async (t) => {
    const { url } = await start(t, { contentDir, moderation: 'publish', rateLimitMs: 0 });
    assert.equal((await post(url, reply({ comment: 'Café: hello there.' }))).status, 201);
    const variants: [string, Record<string, unknown>][] = [
      ['case', { comment: 'CAFÉ: HELLO THERE.' }],
      ['inner spacing', { comment: 'Café:  hello\n\tthere.' }],
      ['zero-width', { comment: 'Café: hel\u200blo the\u2060re.' }],
      ['NFD', { comment: 'Cafe\u0301: hello there.' }],
      ['full width', { comment: 'Ｃａｆé: ｈｅｌｌｏ there.' }],
      ['email case', { comment: 'Café: hello there.', email: 'ANN@Example.com' }],
      ['another name, same email', { comment: 'Café: hello there.', name: 'Ann L.' }],
    ];
    for (const [what, extra] of variants) {
      const res = await post(url, reply(extra));
      assert.equal(res.status, 409, what);
    }
    // Not duplicates: other words, another author, an answer to another reply.
    assert.equal((await post(url, reply({ comment: 'Café: hello there!' }))).status, 201);
    const other: any = await (await post(url, reply({ comment: 'Café: hello there.', email: 'bo@example.com' }))).json();
    assert.equal((await post(url, reply({ comment: 'Café: hello there.', parent: other.reply.id }))).status, 201);
    assert.equal(await total(url), 4);
  });

  test('the UNIQUE index decides a duplicate the check before it missed, as a concurrent process would cause', async (t) => {
    // Blinds the store's duplicate lookup (any SELECT that reads content_hash finds nothing), so
    // only the index stands between the second post and a second row.
    const blinded = new Set<string>();
    const blind: KyselyPlugin = {
      transformQuery({ node, queryId }: PluginTransformQueryArgs) {
        if (node.kind === 'SelectQueryNode' && JSON.stringify(node).includes('"content_hash"')) blinded.add(queryId.queryId);
        return node;
      },
      async transformResult({ result, queryId }: PluginTransformResultArgs) {
        return blinded.delete(queryId.queryId) ? { ...result, rows: [] } : result;
      },
    };
    const file = join(mkdtempSync(join(root, 'data-')), 'replies.sqlite');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: openSqlite(file) }), plugins: [blind] });
    const store = await createKyselyStore(db);
    const { url } = await serveStore(t, store, { contentDir, moderation: 'publish', rateLimitMs: 0 });
    assert.equal((await post(url, reply())).status, 201);
    await expectError(await post(url, reply({ comment: 'HELLO  THERE.' }), { 'idempotency-key': 'second' }), 409, 'duplicate');
    assert.ok(blinded.size === 0, 'the lookup ran and was blinded');
    assert.equal(await total(url), 1);
    // The refused post left nothing behind: not even its idempotency record.
    const check = new SQLite(file, { readonly: true });
    try {
      assert.equal((check.prepare('SELECT count(*) AS n FROM idempotency_keys').get() as { n: number }).n, 0);
    } finally {
      check.close();
    }
  });

  test('a database from before the normalized keys is migrated: keys filled in, old near-duplicates kept, new ones refused', async (t) => {
    const dataDir = mkdtempSync(join(root, 'data-'));
    const file = join(dataDir, 'replies.sqlite');
    const old = new Kysely<Database>({ dialect: new SqliteDialect({ database: openSqlite(file) }) });
    await migrate(old, MIGRATIONS[0]!);
    await old.destroy();
    const raw = openSqlite(file);
    const insert = raw.prepare(
      `INSERT INTO replies (id, article_id, parent_id, name, email, website, comment, status, ip_hash, created_at)
       VALUES (?, 'open-article', NULL, 'Ann', ?, NULL, ?, 'published', 'ip', ?)`,
    );
    // Distinct before (exact comparison), the same reply now: both are kept.
    insert.run('old-1', 'ann@example.com', 'Hello there.', '2026-01-01T00:00:00.000Z');
    insert.run('old-2', 'ANN@example.com', 'hello  THERE.', '2026-01-02T00:00:00.000Z');
    insert.run('old-3', 'ann@example.com', 'Something else.', '2026-01-03T00:00:00.000Z');
    raw.close();

    const { url } = await startSqlite(t, { contentDir, moderation: 'publish', rateLimitMs: 0 }, dataDir);
    assert.equal(await total(url), 3);
    await expectError(await post(url, reply({ comment: 'HELLO THERE.' })), 409, 'duplicate');
    await expectError(await post(url, reply({ comment: 'something else.' })), 409, 'duplicate');
    assert.equal((await post(url, reply({ comment: 'New words.' }))).status, 201);

    const db = new SQLite(file, { readonly: true });
    try {
      const rows = db.prepare('SELECT id, author_key, content_hash FROM replies ORDER BY created_at').all() as any[];
      assert.ok(rows.every((row) => /^[0-9a-f]{64}$/.test(row.author_key) && /^[0-9a-f]{64}$/.test(row.content_hash)));
      assert.equal(rows[0].author_key, rows[1].author_key);
      assert.notEqual(rows[0].content_hash, rows[1].content_hash); // the later near-duplicate got a key of its own
      const indexes = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'replies'").all() as any[];
      assert.match(indexes.find((i) => i.name === 'replies_duplicate')?.sql ?? '', /^create unique index/i);
      assert.ok(!indexes.some((i) => i.name === 'replies_email'), 'the email index is gone with the email rate limit');
    } finally {
      db.close();
    }
  });
});

describe('rate limit', () => {
  test('keyed on the client IP only: a known email from another IP is accepted, the same IP with another email is not', async (t) => {
    const { port } = await start(t, { contentDir });
    assert.equal((await postFrom('127.0.0.1', port, reply({ comment: 'First.' }))).status, 202);
    // Someone else, elsewhere, types Ann's address: not locked out (before, 429 for 15 s).
    assert.equal((await postFrom('127.0.0.2', port, reply({ comment: 'Not Ann at all.' }))).status, 202);
    const again = await postFrom('127.0.0.1', port, reply({ comment: 'Second.', email: 'other@example.com' }));
    assert.equal(again.status, 429);
    assert.equal(again.body.error?.code, 'too_many_requests');
  });
});

describe('a broken article file', () => {
  test('answers a JSON 500 article_unavailable and logs one line naming the file and the first problem, once per version', async (t) => {
    const log = errorLog(t);
    const dir = mkdtempSync(join(root, 'content-'));
    const file = join(dir, 'broken.json');
    const article = { id: 'broken', title: 'Broken', body: [{ type: 'paragraph', text: 42 }], comments: { open: true } };
    writeFileSync(file, JSON.stringify(article));
    const { url } = await start(t, { contentDir: dir });
    for (const path of ['/api/articles/broken', '/api/articles/broken/replies', '/articles/broken', '/api/articles/broken']) {
      const error = await expectError(await fetch(`${url}${path}`), 500, 'article_unavailable');
      assert.equal(error.message, 'This article cannot be shown right now.');
    }
    await expectError(await post(url, reply(), {}, 'broken'), 500, 'article_unavailable');
    let lines = logged(log);
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.ok(lines[0]!.includes(file), lines[0]);
    assert.match(lines[0]!, /body\[0\]\.text: expected string, received number/);
    assert.ok(!lines[0]!.includes('\n') && !/\n\s+at /.test(lines[0]!), 'one line, no stack');

    // Another version of the file, broken otherwise: one more line.
    writeFileSync(file, '{"id": "broken",');
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    await expectError(await fetch(`${url}/api/articles/broken`), 500, 'article_unavailable');
    await expectError(await fetch(`${url}/api/articles/broken`), 500, 'article_unavailable');
    lines = logged(log);
    assert.equal(lines.length, 2, lines.join('\n'));
    assert.match(lines[1]!, /broken\.json cannot be read as JSON/);

    // Mended: served again.
    writeFileSync(file, JSON.stringify({ id: 'broken', title: 'Mended', body: [] }));
    utimesSync(file, new Date(), new Date(Date.now() + 10000));
    assert.equal((await fetch(`${url}/api/articles/broken`)).status, 200);
    assert.equal(logged(log).length, 2);
  });
});

describe('a cancelled upload', () => {
  test('a client that closes the connection mid-body is not logged as an error', async (t) => {
    const log = errorLog(t);
    const { url, port } = await start(t, { contentDir });
    for (const framing of ['Content-Length: 1000', 'Transfer-Encoding: chunked']) {
      const socket = connect(port, '127.0.0.1');
      await once(socket, 'connect');
      const partial = framing.startsWith('Content') ? '{"comment":"' : '5\r\n{"com\r\n';
      const head = `POST /api/articles/open-article/replies HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n${framing}\r\n\r\n`;
      socket.write(head + partial);
      await new Promise((resolve) => setTimeout(resolve, 100));
      socket.destroy();
    }
    // The server has seen both aborts once a later request is answered.
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal((await post(url, reply())).status, 202);
    assert.deepEqual(logged(log), []);
  });
});

describe('the data folder deleted while running', () => {
  test('posts get 503 with Retry-After instead of an acknowledgement nothing backs; one log line; reads still work', async (t) => {
    const log = errorLog(t);
    const { url, dataDir } = await startSqlite(t, { contentDir, moderation: 'publish', rateLimitMs: 0 });
    const first: any = await (await post(url, reply())).json();
    rmSync(dataDir, { recursive: true });
    for (const comment of ['After the folder went.', 'And again.']) {
      const res = await post(url, reply({ comment }));
      assert.equal(res.headers.get('retry-after'), '60');
      const error = await expectError(res, 503, 'unavailable');
      assert.equal(error.message, 'Replies cannot be saved right now. Please try again later.');
    }
    await expectError(await admin(url, `/replies/${first.reply.id}/spam`, 'POST'), 503, 'unavailable');
    const page: any = await (await fetch(`${url}/api/articles/open-article/replies`)).json();
    assert.deepEqual(page.replies, [first.reply]);
    const lines = logged(log);
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.match(lines[0]!, /replies\.sqlite was deleted while the server was running/);
  });

  test('the SQLite file replaced while running (a restore, another volume) gets 503 as well', async (t) => {
    const log = errorLog(t);
    const { url, dataDir } = await startSqlite(t, { contentDir, moderation: 'publish', rateLimitMs: 0 });
    assert.equal((await post(url, reply())).status, 201);
    const other = join(dataDir, 'other.sqlite');
    new SQLite(other).close();
    renameSync(other, join(dataDir, 'replies.sqlite'));
    await expectError(await post(url, reply({ comment: 'After the swap.' })), 503, 'unavailable');
    assert.match(logged(log)[0]!, /replies\.sqlite was replaced/);
  });
});

/** Each stored reply's text fields as the hex of the bytes the database holds. */
async function storedBytes(dataDir: string): Promise<Record<string, string | null>[]> {
  if (POSTGRES_URL) {
    const client = new pg.Client({ connectionString: await testDatabaseUrl(dataDir) });
    await client.connect();
    try {
      const hex = (c: string) => `encode(convert_to(${c}, 'UTF8'), 'hex') AS ${c}`;
      return (await client.query(`SELECT ${['name', 'email', 'website', 'comment'].map(hex).join(', ')} FROM replies`)).rows;
    } finally {
      await client.end();
    }
  }
  const db = new SQLite(join(dataDir, 'replies.sqlite'), { readonly: true });
  try {
    const sql = 'SELECT hex(name) AS name, hex(email) AS email, hex(website) AS website, hex(comment) AS comment FROM replies';
    return db.prepare(sql).all() as Record<string, string>[];
  } finally {
    db.close();
  }
}

describe('the hostile corpus', () => {
  test(`each of the ${HOSTILE_REPLIES.length} rows gets its expected answer; accepted text is stored as written, trimmed`, async (t) => {
    const { url, dataDir } = await start(t, { contentDir, moderation: 'publish', rateLimitMs: 0 });
    const accepted = new Set<string>();
    for (const row of HOSTILE_REPLIES) {
      const { status, code, fields, duplicateOf, stored } = row.expect;
      const res = await post(url, requestBody(row));
      const answer: any = await res.json();
      const where = `${row.id}: ${JSON.stringify(answer).slice(0, 300)}`;
      assert.equal(res.status, status, where);
      if (status === 400) {
        assert.equal(answer.error.code, code ?? 'invalid_reply', where);
        if (!code) assert.deepEqual(answer.error.fields, fields, where);
      } else if (status === 409) {
        assert.equal(answer.error.code, 'duplicate', where);
        assert.ok(duplicateOf && accepted.has(duplicateOf), `${row.id}: duplicateOf names an accepted row`);
      } else if (status === 201) {
        accepted.add(row.id);
        const input = parsedBody(row) as Record<string, string>;
        for (const key of ['comment', 'name', 'website'] as const) {
          if (typeof input[key] === 'string') {
            assert.equal(answer.reply[key], input[key].trim() || null, `${row.id}: ${key} stored as written`);
          }
        }
        for (const [key, value] of Object.entries(stored ?? {})) assert.equal(answer.reply[key], value, `${row.id}: ${key}`);
      } else {
        assert.equal(answer.error.code, code, where);
      }
    }
    // Nothing polluted a prototype, and the honeypot under "__proto__" did not make a reply spam.
    assert.equal(({} as any).polluted, undefined);
    assert.ok(!('url_confirm' in Object.prototype) && !('polluted' in Object.prototype));
    assert.equal(await total(url), accepted.size);
    assert.equal(await total(url, 'spam'), 0);

    // Every stored text is well-formed UTF-8 with no control but tab, newline and CR (in comments),
    // read as the database's own bytes.
    const rows = await storedBytes(dataDir);
    assert.equal(rows.length, accepted.size);
    const utf8 = new TextDecoder('utf-8', { fatal: true });
    for (const row of rows) {
      for (const [key, hex] of Object.entries(row)) {
        const text = utf8.decode(Buffer.from(hex ?? '', 'hex'));
        assert.doesNotMatch(text, key === 'comment' ? /[\0-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]/ : /[\0-\x1F\x7F-\x9F]/, key);
      }
    }
  });

  test('the corpus through the shared schema (what the browser form runs) gives each row its expected fields', () => {
    const cases = schemaCases();
    assert.ok(cases.length > 0);
    for (const [row, input, fields] of cases) {
      const result = validateReplyInput(input);
      assert.deepEqual(result.ok ? undefined : result.fields, fields, row.id);
    }
  });
});
