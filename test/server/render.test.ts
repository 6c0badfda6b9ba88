/**
 * The server renderer (src/ssr/render.ts), the reference server's article pages and the
 * `article-widgets render` CLI. The output is parsed with jsdom, which keeps a declarative shadow
 * root as its <template>: `shadow(host)` reads it from there.
 * Run: node --import tsx --test test/server/render.test.ts
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { JSDOM } from 'jsdom';
import { createApp } from '../../src/server/app.js';
import { renderArticle, renderArticlePage } from '../../src/ssr/render.js';
import { openSqliteStore } from '../../src/server/sqlite.js';
import { LoadError } from '../../src/data/errors.js';
import { readShared, SEED_PAGE } from '../helpers/shared.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const seedJson = () => JSON.parse(readFileSync(join(root, 'demo/articles/digital-sovereignty.json'), 'utf8'));

/** The captured seed page's paragraphs (as test/helpers/seed.ts reads them in the browser). */
function seedPage() {
  const paras = readShared(SEED_PAGE)
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  const byline = paras.findIndex((p) => p.startsWith('Written by:'));
  const context = paras.indexOf('Additional Context');
  return { title: paras[1]!, body: paras.slice(2, byline), additionalContext: paras.slice(context + 1, paras.indexOf('Tagged:')) };
}

const parse = (html: string) => new JSDOM(html).window.document;
/** The declarative shadow root's content (jsdom leaves it as a template). */
function shadow(host: Element | null): DocumentFragment {
  const template = host?.querySelector(':scope > template[shadowrootmode="open"]') as HTMLTemplateElement | null;
  assert.ok(template, `${host?.localName} has a declarative shadow root`);
  return template.content;
}
const texts = (node: ParentNode, selector: string) => [...node.querySelectorAll(selector)].map((el) => el.textContent!.trim());
const replies = [
  {
    id: 'r1',
    parent: null,
    name: 'Ann <b>',
    website: null,
    comment: 'Hi </template><script>alert(1)</script>',
    published: '2026-11-21T10:00:00.000Z',
  },
  { id: 'r2', parent: 'r1', name: 'Bo', website: 'https://bo.example/', comment: 'Answer', published: '2026-11-21T11:00:00.000Z' },
];

describe('renderArticle', () => {
  test('prints the element with its shadow root: the title in an h1 and every paragraph of the seed, in order', async () => {
    const html = await renderArticle(seedJson(), { src: '/articles/digital-sovereignty.json' });
    assert.match(html, /^<article-view[^>]*\ssrc="\/articles\/digital-sovereignty.json"[^>]*\sstate="loaded"/);
    assert.match(html, /<template shadowroot="open" shadowrootmode="open">/);
    const seed = seedPage();
    const root = shadow(parse(html).querySelector('article-view'));
    assert.deepEqual(texts(root, 'h1'), [seed.title]);
    assert.equal(seed.body.length, 12);
    assert.deepEqual(texts(root, '[part~="body"] > p'), seed.body);
    assert.deepEqual(texts(root, 'section[part~="section"] p'), seed.additionalContext);
    assert.deepEqual(texts(root, 'reply-form > p'), ['Posting a reply needs JavaScript.']);
    // Hydration markers are there for the browser; the outer template's are not.
    assert.match(html, /<!--lit-part [^>]+-->/);
    assert.doesNotMatch(html, /^<!--/);
  });

  test('escapes hostile text everywhere it is printed', async () => {
    const hostile = '</template><script>alert(1)</script><img src=x onerror=alert(1)>';
    const article = {
      id: 'x',
      title: hostile,
      body: [{ type: 'paragraph', text: hostile }],
      breadcrumbs: [{ label: hostile }],
      comments: { open: true },
    };
    const html = await renderArticle(article, { replies });
    assert.doesNotMatch(html, /<script|<img|<\/template><script/i);
    assert.match(html, /&lt;\/template&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    const root = shadow(parse(html).querySelector('article-view'));
    assert.deepEqual(texts(root, 'h1'), [hostile]);
    const list = shadow(root.querySelector('reply-list'));
    assert.deepEqual(texts(list, '[part~="comment"]'), [replies[0]!.comment, 'Answer']);
    assert.equal(list.querySelector('[part~="author"] a')!.getAttribute('href'), 'https://bo.example/');
  });

  test('sanitizes HTML blocks with the browser policy (jsdom + DOMPurify)', async () => {
    const article = {
      id: 'h',
      title: 'HTML',
      body: [
        {
          type: 'html',
          html:
            '<p>Kept <em>text</em></p><script>alert(1)</script><img src="data:image/png;base64,AA" onerror="alert(1)">' +
            '<a href="javascript:alert(1)">j</a><a href="/rel">rel</a><!--/lit-part--><!--lit-part x-->' +
            '<iframe src="https://www.youtube.com/embed/x"></iframe><article-view>nested</article-view>',
        },
      ],
    };
    const html = await renderArticle(article, { src: '/a/article.json', pageUrl: 'https://site.example/page' });
    const block = shadow(parse(html).querySelector('article-view')).querySelector('.html')!;
    assert.equal(block.querySelector('em')!.textContent, 'text');
    assert.equal(block.querySelector('script'), null);
    assert.equal(block.querySelector('img')!.hasAttribute('onerror'), false);
    assert.equal(block.querySelector('img')!.hasAttribute('src'), false);
    assert.equal(block.querySelector('article-view'), null);
    const links = [...block.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    assert.deepEqual(links, [null, 'https://site.example/rel', 'https://www.youtube.com/embed/x']);
    // Comments in the input never reach the output, so hydration markers cannot be forged.
    assert.equal(html.match(/<!--lit-part/g)!.length, html.match(/<!--\/lit-part-->/g)!.length);
    assert.doesNotMatch(html, /lit-part x/);
  });

  test('reads any published format, and names what is wrong with invalid input', async () => {
    const wp = JSON.parse(readShared('samples/wp-v2-post-model.json'));
    const root1 = shadow(parse(await renderArticle(wp)).querySelector('article-view'));
    assert.deepEqual(texts(root1, 'h1'), ['REST API Client Fixture: Post']);
    assert.equal(root1.querySelector('.html p')!.textContent, 'Updated post content.');
    await assert.rejects(renderArticle({ id: 'x', title: 'x', body: [{ type: 'paragraph', text: 3 }] }), (error: unknown) => {
      assert.ok(error instanceof LoadError);
      assert.equal(error.kind, 'schema');
      assert.match(error.message, /body\[0\]\.text/);
      return true;
    });
    await assert.rejects(renderArticle({ hello: 'world' }), (error: unknown) => error instanceof LoadError && error.kind === 'format');
  });

  test('renders approved replies into <reply-list>, and leaves an empty list to the browser', async () => {
    const withReplies = parse(await renderArticle(seedJson(), { replies }));
    const list = shadow(shadow(withReplies.querySelector('article-view')).querySelector('reply-list'));
    assert.equal(list.querySelector('[part~="count"]')!.textContent, '2 Replies');
    assert.deepEqual(texts(list, '[data-id]').length, 2);
    const without = parse(await renderArticle(seedJson(), { replies: [] }));
    const bare = shadow(without.querySelector('article-view')).querySelector('reply-list')!;
    assert.equal(bare.querySelector('template'), null);
    assert.equal(bare.getAttribute('endpoint'), '/api/articles/digital-sovereignty/replies');
  });

  test('concurrent renders share nothing: each resolves links against its own page, in its own language', async () => {
    const article = (lang: string) => ({
      id: lang,
      title: lang,
      lang,
      body: [{ type: 'html', html: '<a href="/rel">rel</a>' }],
      comments: { open: true },
    });
    const pages = ['de', 'fr', 'en', 'ja'];
    // Started together: each render's sanitizer and page URL come from its own call, never from the last one prepared.
    const out = await Promise.all(
      pages.map((lang) => renderArticle(article(lang), { src: '/a.json', pageUrl: `https://${lang}.example/page`, replies })),
    );
    out.forEach((html, i) => {
      const host = shadow(parse(html).querySelector('article-view'));
      assert.equal(host.querySelector('.html a')!.getAttribute('href'), `https://${pages[i]}.example/rel`);
      // <reply-list> gets the language from <article-view> itself, not from a DOM it cannot see on the server.
      const list = host.querySelector('reply-list')!;
      assert.equal(list.getAttribute('lang'), pages[i]);
      const expected = new Intl.DateTimeFormat(pages[i], { dateStyle: 'long', timeStyle: 'short' }).format(new Date(replies[0]!.published));
      assert.equal(shadow(list).querySelector('[part~="date"]')!.textContent, expected);
    });
    // Nothing configured in Lit's process-wide render options, and no prototype patched.
    const { LitElementRenderer } = await import('@lit-labs/ssr');
    assert.deepEqual(LitElementRenderer.renderOptions, []);
    const { LitElement } = await import('lit');
    assert.equal(Object.hasOwn(LitElement.prototype, 'closest'), false);
  });

  test('resolves a relative reply endpoint against src, as the browser does', async () => {
    const article = { id: 'e', title: 'E', body: [], comments: { open: true, endpoint: 'replies' } };
    const html = await renderArticle(article, { src: '/content/e/article.json' });
    const form = shadow(parse(html).querySelector('article-view')).querySelector('reply-form')!;
    assert.equal(form.getAttribute('endpoint'), '/content/e/replies');
  });
});

describe('renderArticlePage', () => {
  test('a whole document: language, escaped title, the bundle preloaded and loaded as a module', async () => {
    const html = await renderArticlePage(seedJson(), { src: '/a.json', scriptUrl: '/dist/article-widgets.js', title: 'A & <B>' });
    assert.match(html, /^<!doctype html>\n<html lang="en">/);
    assert.match(html, /<title>A &amp; &lt;B&gt;<\/title>/);
    assert.match(html, /<link rel="modulepreload" href="\/dist\/article-widgets.js">/);
    assert.match(html, /<script type="module" src="\/dist\/article-widgets.js"><\/script>/);
    const doc = parse(html);
    assert.equal(doc.querySelectorAll('article-view').length, 1);
    assert.equal(doc.querySelectorAll('article-view > template').length, 1, 'one shadow root, rendered once');
    const page = await renderArticlePage(seedJson());
    assert.doesNotMatch(page, /<script|modulepreload/);
  });
});

describe('the reference server and the CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'article-widgets-render-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('GET /articles/:id serves the server-rendered page with the approved replies; / leads there', async () => {
    const store = await openSqliteStore(join(dir, 'replies.sqlite'));
    try {
      const app = createApp({
        store,
        contentDir: join(root, 'demo/articles'),
        adminToken: 't',
        homeArticle: 'digital-sovereignty',
        pageScriptUrl: '/dist/article-widgets.js',
      });
      for (const [comment, status] of [
        ['Approved one', 'published'],
        ['Held one', 'pending'],
      ] as const) {
        await store.post({
          reply: {
            article: 'digital-sovereignty',
            parent: null,
            name: 'Ann',
            email: 'a@example.com',
            website: null,
            comment,
            status,
            ipHash: 'x',
          },
          rateLimitMs: 0,
          respond: () => ({ status: 201, body: {} }),
        });
      }
      const res = await app.request('/articles/digital-sovereignty');
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type')!, /^text\/html/);
      const doc = parse(await res.text());
      const host = doc.querySelector('article-view')!;
      assert.equal(host.getAttribute('src'), '/api/articles/digital-sovereignty');
      const view = shadow(host);
      assert.deepEqual(texts(view, 'h1'), [seedPage().title]);
      assert.deepEqual(texts(shadow(view.querySelector('reply-list')), '[part~="comment"]'), ['Approved one']);
      assert.equal(doc.querySelector('script[type="module"]')!.getAttribute('src'), '/dist/article-widgets.js');
      // The page was rendered from exactly what its src serves.
      const json = await (await app.request('/api/articles/digital-sovereignty')).json();
      assert.equal(json.comments.endpoint, view.querySelector('reply-list')!.getAttribute('endpoint'));

      assert.equal((await app.request('/articles/no-such-article')).status, 404);
      assert.equal((await app.request('/articles/..%2fsecret')).status, 404);
      const hostile = await app.request('/articles/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E');
      assert.equal(hostile.status, 404);
      const notFound = await hostile.text();
      assert.ok(!notFound.includes('<img'), 'the id is escaped in the 404 page');
      assert.ok(notFound.includes('&lt;img'));
      const home = await app.request('/');
      assert.equal(home.status, 302);
      assert.equal(home.headers.get('location'), '/articles/digital-sovereignty');
    } finally {
      await store.close();
    }
  });

  const cli = (args: string[], script: string[]) =>
    spawnSync(process.execPath, [...script, 'render', ...args], { cwd: root, encoding: 'utf8' });
  const runs: [string, string[], boolean][] = [
    ['from the sources (tsx)', ['--import', 'tsx', 'src/ssr/cli.ts'], true],
    ['as built (dist/cli.js, the package bin)', ['dist/cli.js'], existsSync(join(root, 'dist/cli.js'))],
  ];
  for (const [name, script, available] of runs) {
    test(`the CLI prints a page ${name}`, { skip: !available && 'not built (npm run build)' }, () => {
      const ok = cli(['demo/articles/digital-sovereignty.json', '--src', '/a.json', '--script', '/dist/article-widgets.js'], script);
      assert.equal(ok.status, 0, ok.stderr);
      assert.match(ok.stdout, /^<!doctype html>/);
      const doc = parse(ok.stdout);
      assert.equal(doc.querySelector('article-view')!.getAttribute('src'), '/a.json');
      assert.deepEqual(texts(shadow(doc.querySelector('article-view')), '[part~="body"] > p'), seedPage().body);
      assert.ok(doc.querySelector('link[rel="modulepreload"][href="/dist/article-widgets.js"]'));

      const bad = cli(['demo/articles/broken-shape.json'], script);
      assert.equal(bad.status, 1);
      assert.match(bad.stderr, /body\[1\]\.text: expected string/);
      assert.equal(cli([], script).status, 2);
    });
  }
});
