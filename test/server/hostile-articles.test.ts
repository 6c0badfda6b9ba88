/**
 * The hostile article corpus (test/fixtures/hostile/articles.mjs) through the server renderer: each
 * row's exact bytes are served over HTTP on 127.0.0.1 (with the row's content type, padding, chunking
 * or Content-Length claim, as test/fixture-server.mjs and the fault proxy serve them to the browser),
 * read with `fetchJson` (what `loadArticle` fetches with) and rendered with `renderArticle`. A refused
 * document must be refused with a `LoadError` of the kind the browser reports; an accepted one is
 * rendered with its hostile text escaped: the declarative shadow root (parsed with jsdom, which keeps
 * it as a <template>) shows the text as written and holds no active content.
 * Run: node --import tsx --test --test-reporter=spec test/server/hostile-articles.test.ts
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { JSDOM } from 'jsdom';
import { LoadError } from '../../src/data/errors.js';
import { fetchJson } from '../../src/data/fetch-json.js';
import { renderArticle } from '../../src/ssr/render.js';
import {
  HOSTILE_ARTICLES,
  activeContent,
  bodyBytes,
  type HostileAccepted,
  type HostileArticle,
  type HostileRefused,
} from '../fixtures/hostile/articles.mjs';

/** How long a `claim` answer holds its connection, as the fault proxy's `stall` does. */
const HOLD_MS = 10_000;

/**
 * Serves `/<row id>` as the browser side is served: the row's bytes, type, padding, chunking or claim.
 * A claim's answer emits `claim` with a promise of its connection's close.
 */
function hostileServer(): Server {
  const rows = new Map(HOSTILE_ARTICLES.map((row) => [row.id, row]));
  const server = createServer((req, res) => {
    const row = rows.get(decodeURIComponent(req.url!.slice(1)));
    if (!row) return void res.writeHead(404).end();
    const { type = 'application/json; charset=utf-8', pad = 0, nolength = false, claim } = row.serve ?? {};
    const bytes = Buffer.from(bodyBytes(row));
    if (claim) {
      res.writeHead(200, { 'Content-Type': type, 'Content-Length': claim, 'Cache-Control': 'no-store' });
      res.write(bytes.subarray(0, 8));
      const timer = setTimeout(() => req.socket.destroy(), HOLD_MS).unref();
      const closed = new Promise((resolve) => req.socket.once('close', resolve)).then(() => clearTimeout(timer));
      server.emit('claim', closed);
      return;
    }
    const body = pad ? Buffer.concat([bytes, Buffer.alloc(pad, 0x20)]) : bytes;
    if (nolength) {
      res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      res.write(body.subarray(0, body.length >> 1));
      res.end(body.subarray(body.length >> 1));
    } else {
      res.writeHead(200, { 'Content-Type': type, 'Content-Length': body.length, 'Cache-Control': 'no-store' });
      res.end(body);
    }
  });
  return server;
}

const isAccepted = (expected: HostileAccepted | HostileRefused): expected is HostileAccepted => 'ok' in expected;
const PROTOTYPES = [Object.prototype, Array.prototype, Function.prototype];
const prototypeNames = () => PROTOTYPES.map((p) => Object.getOwnPropertyNames(p).sort().join());

/** A host's declarative shadow root: its `<template shadowrootmode>`'s content (jsdom keeps the template). */
const shadowOf = (host: Element | null) =>
  (host?.querySelector(':scope > template[shadowrootmode="open"]') as HTMLTemplateElement | null)?.content ?? null;
const texts = (root: ParentNode, selector: string) => [...root.querySelectorAll(selector)].map((node) => node.textContent);

const BLOCK = /^(?:article|section|nav|address|div|p|h[1-6]|ul|ol|li|blockquote|footer)$/;

/**
 * The markup's view of bidi isolation (there is no layout here): an inline element on the way up is
 * `<bdi>` or has `dir`, or the first block element holds nothing else.
 */
function isolated(root: DocumentFragment, text: string): boolean {
  const holder = [...root.querySelectorAll('*')].findLast((el) => el.textContent!.includes(text));
  for (let node = holder ?? null; node; node = node.parentElement) {
    if (BLOCK.test(node.localName)) return node.textContent!.trim() === text;
    if (node.localName === 'bdi' || node.hasAttribute('dir')) return true;
  }
  return false;
}

interface Rendered {
  html?: string;
  error?: unknown;
}

/** What holds for every row, whatever its outcome (never excused by a known bug). */
function checkSafety({ html }: Rendered, prototypes: string[]) {
  assert.deepEqual(prototypeNames(), prototypes, 'Object, Array and Function prototypes');
  assert.equal(({} as Record<string, unknown>).polluted, undefined, '({}).polluted');
  if (html === undefined) return;
  const root = shadowOf(new JSDOM(html).window.document.querySelector('article-view'));
  assert.ok(root, 'a declarative shadow root');
  assert.deepEqual(activeContent(root, shadowOf), [], 'active content');
  assert.doesNotMatch(html, /<script|<iframe|<object|<embed/i, 'executable markup in the HTML');
  assert.doesNotMatch(root.textContent!, /Invalid Date/, 'Invalid Date');
}

/** The row's own outcome. */
function checkOutcome(row: HostileArticle, { html, error }: Rendered) {
  const expected = row.expect;
  if (!isAccepted(expected)) {
    const kinds = [expected.error].flat();
    assert.equal(html, undefined, 'rendered, not refused');
    assert.ok(error instanceof LoadError, `a LoadError, not ${String(error)}`);
    assert.ok((kinds as string[]).includes(error.kind), `kind ${error.kind} (${error.message}), expected ${kinds.join(' or ')}`);
    if (expected.path) assert.ok(error.message.includes(`${expected.path}:`), `the message names ${expected.path}: ${error.message}`);
    return;
  }
  const refusal = error instanceof LoadError ? `${error.kind}: ${error.message}` : String(error);
  assert.equal(error, undefined, `refused: ${refusal}`);
  const host = new JSDOM(html).window.document.querySelector('article-view')!;
  assert.equal(host.getAttribute('state'), 'loaded');
  const root = shadowOf(host)!;
  assert.deepEqual(texts(root, 'h1'), [expected.title], 'title');
  if (expected.paragraphs) assert.deepEqual(texts(root, '[part~="body"] > p'), expected.paragraphs, 'paragraphs');
  if (expected.authors) {
    const names = texts(root, 'address[part~="byline"] > p:first-child > :is(a[rel="author"], span:not(.label))');
    assert.deepEqual(names, expected.authors, 'authors');
  }
  if (expected.tags !== undefined) {
    const tags = shadowOf(root.querySelector('tag-list'));
    assert.equal(tags?.querySelectorAll('[part~="tag"]').length ?? 0, expected.tags, 'tags');
  }
  if (expected.dates) {
    const times = [...root.querySelectorAll('time')];
    assert.deepEqual(
      times.map((t) => t.getAttribute('datetime')),
      expected.dates,
      'dates',
    );
    for (const time of times) assert.match(time.textContent!, /\d/, 'a date shown');
  }
  if (expected.html !== undefined) assert.ok(root.querySelector('.html')?.textContent?.includes(expected.html), 'the HTML block');
  if (expected.lang) assert.equal(root.querySelector('article')!.getAttribute('lang'), expected.lang, 'lang');
  if (expected.dir) assert.equal(root.querySelector('article')!.getAttribute('dir'), expected.dir, 'dir');
  for (const text of expected.isolates ?? []) assert.ok(isolated(root, text), `"${text}" isolated`);
}

describe('hostile articles through fetchJson and renderArticle', () => {
  let server: Server;
  let base = '';
  const prototypes = prototypeNames();
  before(async () => {
    server = hostileServer().listen(0, '127.0.0.1');
    // A big row takes seconds to render: a kept-alive connection must not close under the next request.
    server.keepAliveTimeout = 120_000;
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  for (const row of HOSTILE_ARTICLES) {
    const outcome = isAccepted(row.expect) ? 'renders' : `refuses (${[row.expect.error].flat().join(' or ')})`;
    test(`${row.id}: ${outcome}: ${row.about}`, async () => {
      const src = `${base}/${encodeURIComponent(row.id)}`;
      const rendered: Rendered = {};
      try {
        rendered.html = await renderArticle(await fetchJson(src, { timeout: 20_000 }), { src });
      } catch (error) {
        rendered.error = error;
      }
      checkSafety(rendered, prototypes);
      checkOutcome(row, rendered);
    });
  }

  test('a Content-Length claim refused before reading lets its connection go at once', async () => {
    // Left unread, the body would hold the connection (and whatever the server manages to push)
    // until the server gives up; fetchJson cancels it.
    const row = HOSTILE_ARTICLES.find((r) => r.serve?.claim)!;
    const claimed = once(server, 'claim') as Promise<[Promise<unknown>]>;
    const error = await fetchJson(`${base}/${row.id}`).catch((e: unknown) => e);
    assert.ok(error instanceof LoadError && error.kind === 'too-large', String(error));
    const [closed] = await claimed;
    let timer: NodeJS.Timeout | undefined;
    const stillOpen = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the connection was still open ${HOLD_MS / 2} ms after the refusal`)), HOLD_MS / 2);
    });
    await Promise.race([closed, stillOpen]).finally(() => clearTimeout(timer));
  });
});
