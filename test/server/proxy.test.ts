/**
 * The reference server behind a reverse proxy, over real HTTP on 127.0.0.1: which address the flood
 * limit counts (TRUST_PROXY, PROXY_HEADER, IPv6 by /64) and what is stored of it (a keyed hash).
 * Posts come from 127.0.0.1 (the "proxy") or 127.0.0.2 (a direct client) with forwarded headers.
 * Run: node --import tsx --test test/server/proxy.test.ts
 */
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import SQLite from 'better-sqlite3';
import { clientAddress, forwardedFor, normalizeAddress, parseTrustProxy, senderKey } from '../../src/server/client-ip.js';
import { contentFolder, postFrom, start, startSqlite, TEST_SECRET } from './helpers.js';

let root: string;
let contentDir: string;

before(() => {
  root = mkdtempSync(join(tmpdir(), 'article-widgets-proxy-'));
  contentDir = contentFolder(root);
});
after(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
/** A reply with a comment of its own, so that no two are duplicates (409 is checked before 429). */
const reply = () => ({ comment: `Reply number ${++n}.`, name: 'Ann', email: `reader${n}@example.com` });
const xff = (value: string) => ({ 'x-forwarded-for': value });

describe('behind a trusted proxy (TRUST_PROXY=127.0.0.1)', () => {
  const trustProxy = parseTrustProxy('127.0.0.1');

  test('three readers with different forwarded addresses post at once; one reader posting twice still gets 429', async (t) => {
    const { port } = await start(t, { contentDir, trustProxy });
    const first = await Promise.all(
      ['198.51.100.1', '198.51.100.2', '198.51.100.3'].map((address) => postFrom('127.0.0.1', port, reply(), xff(address))),
    );
    assert.deepEqual(
      first.map((res) => res.status),
      [202, 202, 202],
    );
    const again = await postFrom('127.0.0.1', port, reply(), xff('198.51.100.1'));
    assert.equal(again.status, 429);
    assert.equal(again.body.error?.code, 'too_many_requests');
    // An address the reader put in front is not believed: the chain is read from the right, and the
    // entry the trusted proxy appended (the reader's real address) is the first untrusted one.
    const spoofed = await postFrom('127.0.0.1', port, reply(), xff('203.0.113.9, 198.51.100.2'));
    assert.equal(spoofed.status, 429);
  });

  test('a forwarded header from an untrusted address changes nothing: its own address is the key', async (t) => {
    const { port } = await start(t, { contentDir, trustProxy });
    assert.equal((await postFrom('127.0.0.2', port, reply(), xff('198.51.100.1'))).status, 202);
    const other = await postFrom('127.0.0.2', port, reply(), xff('198.51.100.2'));
    assert.equal(other.status, 429, 'a new X-Forwarded-For from 127.0.0.2 is ignored');
    // And 198.51.100.1 was never counted: through the proxy it may post.
    assert.equal((await postFrom('127.0.0.1', port, reply(), xff('198.51.100.1'))).status, 202);
  });

  test('proxies further along the chain are skipped when trusted (a list with a subnet)', async (t) => {
    const { port } = await start(t, { contentDir, trustProxy: parseTrustProxy('127.0.0.1, 10.0.0.0/8') });
    assert.equal((await postFrom('127.0.0.1', port, reply(), xff('198.51.100.1, 10.1.2.3'))).status, 202);
    // Through another inner proxy, the same reader: still 198.51.100.1.
    assert.equal((await postFrom('127.0.0.1', port, reply(), xff('198.51.100.1, 10.9.9.9'))).status, 429);
    assert.equal((await postFrom('127.0.0.1', port, reply(), xff('198.51.100.2, 10.1.2.3'))).status, 202);
  });

  test('IPv6 readers are limited per /64: another address in the same /64 waits, another /64 does not', async (t) => {
    const { port } = await start(t, { contentDir, trustProxy });
    assert.equal((await postFrom('127.0.0.1', port, reply(), xff('2001:db8:1:2::a'))).status, 202);
    assert.equal((await postFrom('127.0.0.1', port, reply(), xff('2001:DB8:1:2:ffff:ffff:ffff:ffff'))).status, 429);
    assert.equal((await postFrom('127.0.0.1', port, reply(), xff('[2001:db8:1:2::b]:4711'))).status, 429);
    assert.equal((await postFrom('127.0.0.1', port, reply(), xff('2001:db8:1:3::a'))).status, 202);
  });

  test('PROXY_HEADER=forwarded reads RFC 7239 Forwarded and ignores X-Forwarded-For', async (t) => {
    const { port } = await start(t, { contentDir, trustProxy: parseTrustProxy('127.0.0.1', 'forwarded') });
    const forwarded = (value: string, extra: Record<string, string> = {}) => ({ forwarded: value, ...extra });
    assert.equal((await postFrom('127.0.0.1', port, reply(), forwarded('for=198.51.100.1;proto=https'))).status, 202);
    assert.equal((await postFrom('127.0.0.1', port, reply(), forwarded('for="[2001:db8::17]:4711";proto=https'))).status, 202);
    const same = await postFrom('127.0.0.1', port, reply(), forwarded('for=203.0.113.9, for="198.51.100.1:1234"', xff('198.51.100.77')));
    assert.equal(same.status, 429);
  });

  test('with X-Forwarded-For configured (the default), a client-sent Forwarded header is ignored', async (t) => {
    const { port } = await start(t, { contentDir, trustProxy });
    // A proxy that writes X-Forwarded-For passes Forwarded through untouched: the key stays the peer.
    assert.equal((await postFrom('127.0.0.1', port, reply(), { forwarded: 'for=198.51.100.1' })).status, 202);
    assert.equal((await postFrom('127.0.0.1', port, reply(), { forwarded: 'for=198.51.100.2' })).status, 429);
  });
});

describe('TRUST_PROXY as a hop count', () => {
  test('TRUST_PROXY=1: the last X-Forwarded-For entry is the client, whatever came before it', async (t) => {
    const { port } = await start(t, { contentDir, trustProxy: parseTrustProxy('1') });
    assert.equal((await postFrom('127.0.0.2', port, reply(), xff('203.0.113.1, 198.51.100.1'))).status, 202);
    assert.equal((await postFrom('127.0.0.2', port, reply(), xff('203.0.113.2, 198.51.100.1'))).status, 429);
    assert.equal((await postFrom('127.0.0.2', port, reply(), xff('198.51.100.2'))).status, 202);
  });
});

describe('without TRUST_PROXY (the default)', () => {
  test('forwarded headers are ignored: every post from 127.0.0.1 is one sender', async (t) => {
    const { port } = await start(t, { contentDir });
    assert.equal((await postFrom('127.0.0.1', port, reply(), xff('198.51.100.1'))).status, 202);
    assert.equal((await postFrom('127.0.0.1', port, reply(), xff('198.51.100.2'))).status, 429);
  });
});

describe('the stored IP hash', () => {
  test('is an HMAC-SHA256 of the client key under the server secret, not a plain hash of the address', async (t) => {
    // SQLite whatever the suite runs on: the test reads the stored column.
    const { port, dataDir } = await startSqlite(t, { contentDir, trustProxy: parseTrustProxy('127.0.0.1') });
    assert.equal((await postFrom('127.0.0.1', port, reply(), xff('198.51.100.1'))).status, 202);
    assert.equal((await postFrom('127.0.0.1', port, reply(), xff('2001:db8:1:2::a'))).status, 202);
    const db = new SQLite(join(dataDir, 'replies.sqlite'), { readonly: true });
    try {
      const hashes = (db.prepare('SELECT ip_hash FROM replies ORDER BY created_at').all() as { ip_hash: string }[]).map((r) => r.ip_hash);
      const hmac = (text: string) => createHmac('sha256', TEST_SECRET).update(text).digest('hex');
      assert.deepEqual(hashes, [hmac('198.51.100.1'), hmac('2001:db8:1:2::/64')]);
      assert.notEqual(hashes[0], createHash('sha256').update('198.51.100.1').digest('hex'));
    } finally {
      db.close();
    }
  });
});

describe('client-ip.ts', () => {
  test('parseTrustProxy takes a hop count or a list of addresses and subnets, and refuses anything else', () => {
    assert.equal(parseTrustProxy('').trusts('127.0.0.1', 0), false);
    assert.equal(parseTrustProxy('0').trusts('127.0.0.1', 0), false);
    const list = parseTrustProxy('127.0.0.1,10.0.0.0/8,::1,2001:db8::/32');
    for (const address of ['127.0.0.1', '::ffff:127.0.0.1', '10.200.0.1', '::1', '2001:db8:ffff::1'])
      assert.ok(list.trusts(address, 0), address);
    for (const address of ['127.0.0.2', '11.0.0.1', '::2', '2001:db9::1']) assert.ok(!list.trusts(address, 0), address);
    for (const bad of ['true', '*', '10.0.0.0/33', '::/129', '[::1]', '127.0.0.1:80', 'localhost', '10.0.0.1/8/8', 'fe80::1%eth0', '17']) {
      assert.throws(() => parseTrustProxy(bad), /TRUST_PROXY/, bad);
    }
  });

  test('clientAddress walks the chain from the right; an entry that is not an address stops at the proxy that wrote it', () => {
    const trust = parseTrustProxy('127.0.0.1,10.0.0.0/8');
    assert.equal(clientAddress('127.0.0.1', '1.1.1.1, 2.2.2.2, 10.0.0.5', trust), '2.2.2.2');
    assert.equal(clientAddress('127.0.0.1', '10.0.0.1, 10.0.0.2', trust), '10.0.0.1');
    assert.equal(clientAddress('127.0.0.1', 'unknown', trust), '127.0.0.1');
    assert.equal(clientAddress('127.0.0.1', '1.1.1.1, _hidden, 10.0.0.3', trust), '10.0.0.3');
    assert.equal(clientAddress('127.0.0.2', '1.1.1.1', trust), '127.0.0.2');
    assert.equal(clientAddress(undefined, '1.1.1.1', trust), 'unknown');
  });

  test('forwardedFor reads the for= of each element, quoted or not', () => {
    assert.deepEqual(
      forwardedFor('for=192.0.2.60;proto=http;by=203.0.113.43, For="[2001:db8:cafe::17]:4711", proto=https, for="a\\"b,c";x=1'),
      ['192.0.2.60', '[2001:db8:cafe::17]:4711', '', 'a"b,c'],
    );
  });

  test('normalizeAddress and senderKey: one spelling per address, IPv4-mapped as IPv4, IPv6 by /64', () => {
    assert.equal(normalizeAddress('::ffff:192.0.2.1'), '192.0.2.1');
    assert.equal(normalizeAddress('::ffff:c000:201'), '192.0.2.1');
    assert.equal(normalizeAddress('[2001:DB8::1]:443'), '2001:db8:0:0:0:0:0:1');
    assert.equal(normalizeAddress('192.0.2.1:8080'), '192.0.2.1');
    assert.equal(normalizeAddress('fe80::1%eth0'), 'fe80:0:0:0:0:0:0:1');
    assert.equal(normalizeAddress('unknown'), null);
    assert.equal(normalizeAddress('01.2.3.4'), null);
    assert.equal(senderKey('192.0.2.1'), '192.0.2.1');
    assert.equal(senderKey('2001:0db8:0001:0002:0003:0004:0005:0006'), '2001:db8:1:2::/64');
    assert.equal(senderKey(normalizeAddress('2001:db8:1:2::a')!), '2001:db8:1:2::/64');
  });
});
