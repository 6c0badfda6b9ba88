/**
 * The hostile article corpus (test/fixtures/hostile/articles.mjs) through a real `<article-view src>`:
 * each row is served over HTTP by test/fixture-server.mjs (`body=`, `type=`, `pad=`, `nolength=`), by
 * the fault proxy's `stall` for a Content-Length claim (test/fault-server.mjs), or from a `blob:` URL
 * for raw bytes and for bodies too long for a query string (both servers read files as UTF-8, so
 * neither can send a byte as it is). The element fetches, validates and renders as on any page.
 *
 * For every row, whatever the outcome: one event, no unhandled error or rejection, Object.prototype
 * untouched, and for an accepted row no active content, no "Invalid Date" and no payload that ran.
 * Then the row's own outcome: state, event, `error.kind`, the visible message naming the path, the
 * rendered text, and `expect(el).to.be.accessible()`.
 *
 * Run: ENGINE=chromium npx wtr --files test/hostile-articles.test.ts
 */
import { expect, waitUntil } from '@open-wc/testing';
import '../src/components/article-view/define.js';
import type { ArticleView } from '../src/components/article-view/article-view.js';
import type { ArticleLoadEvent } from '../src/events/article-load.js';
import type { ArticleErrorEvent } from '../src/events/article-error.js';
import {
  HOSTILE_ARTICLES,
  activeContent,
  bodyBytes,
  bodyText,
  type HostileAccepted,
  type HostileArticle,
  type HostileRefused,
} from './fixtures/hostile/articles.mjs';

declare global {
  interface Window {
    /** Set by a payload that ran. */
    __hostileRan?: string;
  }
}

/** Longest `body=` query the fixture route is sent; longer bodies go from a blob: URL. */
const QUERY_LIMIT = 6000;
/** Documents above this many bytes are "large" (see the accessibility check). */
const LARGE = 100_000;
/** The engine running this file, for known bugs that only some engines show. */

interface Served {
  src: string;
  done(): void;
}

/** Where the element fetches the row from. */
function serve(row: HostileArticle): Served {
  const { type, pad, nolength, claim } = row.serve ?? {};
  const text = bodyText(row);
  const query = (extra: Record<string, string | number | boolean | undefined>) => {
    const params = new URLSearchParams({ body: text! });
    if (type) params.set('type', type);
    for (const [key, value] of Object.entries(extra)) if (value) params.set(key, String(value));
    return params.toString();
  };
  if (claim) {
    // The fault proxy's `stall`: the fixture route's whole answer (body + pad = `claim` bytes) is
    // announced by its Content-Length, 8 bytes of it are sent, and the connection is then held.
    const token = `hostile-${row.id}-${Math.random().toString(36).slice(2)}`;
    const padding = claim - bodyBytes(row).length;
    return { src: `/fault/stall/${token}/fixture/hostile/${row.id}.json?${query({ pad: padding })}`, done() {} };
  }
  if (text !== undefined && encodeURIComponent(text).length <= QUERY_LIMIT) {
    return { src: `/fixture/hostile/${row.id}.json?${query({ pad, nolength })}`, done() {} };
  }
  if (pad || nolength) throw new Error(`${row.id}: a padded or chunked answer needs a body short enough for the query string`);
  const url = URL.createObjectURL(new Blob([bodyBytes(row) as BlobPart], { type: type ?? 'application/json; charset=utf-8' }));
  return { src: url, done: () => URL.revokeObjectURL(url) };
}

const isAccepted = (expected: HostileAccepted | HostileRefused): expected is HostileAccepted => 'ok' in expected;
const $ = (root: ParentNode, selector: string) => root.querySelector(selector);
const $$ = (root: ParentNode, selector: string) => [...root.querySelectorAll(selector)];
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const PROTOTYPES = [Object.prototype, Array.prototype, Function.prototype];
const prototypeNames = () => PROTOTYPES.map((p) => Object.getOwnPropertyNames(p).sort().join());

/** The element's author names: links and spans in the byline's first line, less its label. */
const authorNames = (root: ShadowRoot) =>
  $$(root, 'address[part~="byline"] > p:first-child > :is(a[rel="author"], span:not(.label))').map((n) => n.textContent);

/** The deepest element in `root` whose text includes `text`. */
function holderOf(root: ParentNode, text: string): Element | undefined {
  return $$(root, '*').findLast((el) => el.textContent!.includes(text));
}

/**
 * Whether what `text` holds (an override, an embedding) stays inside it: an inline element on the
 * way up isolates it (`<bdi>`, `dir`, `unicode-bidi: isolate` or `plaintext`), or the first block
 * container (a bidi paragraph of its own; the UA's `unicode-bidi: isolate` on a `<p>` changes nothing
 * inside it) holds nothing else.
 */
function isolated(root: ShadowRoot, text: string): boolean {
  for (let node = holderOf(root, text) ?? null; node; node = node.parentElement) {
    const style = getComputedStyle(node);
    if (!style.display.startsWith('inline') && style.display !== 'contents') return node.textContent!.trim() === text;
    if (['isolate', 'isolate-override', 'plaintext'].includes(style.unicodeBidi)) return true;
  }
  return false;
}

/** Whether the first character of `text` is laid out to the left of its last (what an override running on into it reverses). */
function laidOutLeftToRight(root: ShadowRoot, text: string): boolean {
  const holder = holderOf(root, text)!;
  const walker = document.createTreeWalker(holder, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.textContent!.indexOf(text);
    if (at === -1) continue;
    const box = (offset: number) => {
      const range = document.createRange();
      range.setStart(node, offset);
      range.setEnd(node, offset + 1);
      return range.getBoundingClientRect();
    };
    return box(at).left < box(at + text.length - 1).left;
  }
  throw new Error(`"${text}" is not in one text node`);
}

interface Shown {
  el: ArticleView;
  src: string;
  events: (ArticleLoadEvent | ArticleErrorEvent)[];
  /** Unhandled errors and rejections while the row ran. */
  uncaught: string[];
}

/** Serves the row to a new `<article-view src>` and waits for its article-load or article-error. */
async function show(row: HostileArticle): Promise<Shown & { done(): void }> {
  const served = serve(row);
  const uncaught: string[] = [];
  const onError = (e: ErrorEvent) => uncaught.push(`error: ${e.message}`);
  const onRejection = (e: PromiseRejectionEvent) => uncaught.push(`unhandled rejection: ${String(e.reason)}`);
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  const el = document.createElement('article-view');
  const events: Shown['events'] = [];
  el.addEventListener('article-load', (e) => events.push(e));
  el.addEventListener('article-error', (e) => events.push(e));
  el.src = served.src;
  document.body.append(el);
  await waitUntil(() => events.length > 0, `${row.id}: neither article-load nor article-error`, { timeout: 40_000 });
  await el.updateComplete;
  const expected = row.expect;
  if (isAccepted(expected) && expected.html !== undefined) {
    // The sanitizer loads on demand: the block fills after article-load. A miss is the row's failure, below.
    await waitUntil(() => $(el.shadowRoot!, '.html')?.textContent?.includes(expected.html!), '', { timeout: 5000 }).catch(() => {});
    await wait(300); // long enough for an image's error event or a toggle event to have fired
  }
  await wait(50); // a second event, or a late rejection, would have come by now
  return {
    el,
    src: served.src,
    events,
    uncaught,
    done() {
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onRejection);
      el.remove();
      served.done();
    },
  };
}

/** What holds for every row, whatever its outcome (never excused by a known bug). */
function checkSafety(row: HostileArticle, { el, events, uncaught }: Shown, prototypes: string[]) {
  expect(uncaught, 'unhandled errors and rejections').to.deep.equal([]);
  expect(
    events.map((e) => e.type),
    'events',
  ).to.have.length(1);
  expect(prototypeNames(), 'Object, Array and Function prototypes').to.deep.equal(prototypes);
  expect(({} as Record<string, unknown>).polluted, '({}).polluted').to.equal(undefined);
  expect(window.__hostileRan, 'a payload ran').to.equal(undefined);
  if (el.state !== 'loaded') return;
  const article = (events[0] as ArticleLoadEvent).detail.article;
  expect(Object.getPrototypeOf(article), 'the article is a plain object').to.equal(Object.prototype);
  expect(Object.hasOwn(article, '__proto__'), 'an own "__proto__"').to.equal(false);
  expect(
    activeContent(el.shadowRoot!, (node) => node.shadowRoot),
    'active content',
  ).to.deep.equal([]);
  expect(el.shadowRoot!.textContent, `${row.id}: text`).not.to.contain('Invalid Date');
}

/** The row's own outcome. */
async function checkOutcome(row: HostileArticle, { el, src, events }: Shown) {
  const root = el.shadowRoot!;
  const [event] = events;
  const expected = row.expect;
  if (isAccepted(expected)) {
    const refusal = event.type === 'article-error' ? (event as ArticleErrorEvent).detail.error.message : '';
    expect(event.type, `event (${refusal})`).to.equal('article-load');
    expect((event as ArticleLoadEvent).detail.src).to.equal(src);
    expect(el.state).to.equal('loaded');
    expect(el.getAttribute('state')).to.equal('loaded');
    expect($(root, '[role="alert"]'), 'an error message').to.equal(null);
    expect($$(root, 'h1').map((h) => h.textContent)).to.deep.equal([expected.title]);
    const paragraphs = $$(root, '[part~="body"] > p').map((p) => p.textContent);
    if (expected.paragraphs) expect(paragraphs, 'paragraphs').to.deep.equal(expected.paragraphs);
    if (expected.authors) expect(authorNames(root), 'authors').to.deep.equal(expected.authors);
    if (expected.tags !== undefined) {
      const tags = $(root, 'tag-list')!.shadowRoot!;
      expect($$(tags, '[part~="tag"]'), 'tags').to.have.length(expected.tags);
    }
    if (expected.dates) {
      const times = $$(root, 'time');
      expect(
        times.map((t) => t.getAttribute('datetime')),
        'dates',
      ).to.deep.equal(expected.dates);
      for (const time of times) expect(time.textContent, 'a date shown').to.match(/\d/);
    }
    if (expected.html !== undefined) expect($(root, '.html')?.textContent, 'the HTML block').to.contain(expected.html);
    if (expected.lang) expect($(root, 'article')!.getAttribute('lang')).to.equal(expected.lang);
    if (expected.dir) expect($(root, 'article')!.getAttribute('dir')).to.equal(expected.dir);
    for (const text of expected.leftToRight ?? []) expect(laidOutLeftToRight(root, text), `"${text}" left to right`).to.equal(true);
    for (const text of expected.isolates ?? []) expect(isolated(root, text), `"${text}" isolated`).to.equal(true);
  } else {
    const kinds = [expected.error].flat();
    expect(event.type, `event (${event.type === 'article-load' ? 'loaded' : ''})`).to.equal('article-error');
    const { error } = (event as ArticleErrorEvent).detail;
    expect(kinds, `kind (${error.kind}: ${error.message})`).to.include(error.kind);
    expect(el.state).to.equal('error');
    expect(el.getAttribute('state')).to.equal('error');
    const alert = $(root, '[role="alert"][part~="error"]');
    expect(alert, 'the error message').to.exist;
    expect(alert!.textContent).to.contain('The article could not be loaded.');
    expect(alert!.textContent).to.contain(error.message);
    if (expected.path) expect(alert!.textContent, 'the message names the path').to.contain(`${expected.path}:`);
    expect($(root, 'h1'), 'no article shown').to.equal(null);
  }
  // Colour contrast is checked on every row but the largest: the same styles, and on 10,000 tags or a
  // 1 MiB paragraph it alone takes half a minute in WebKit (wtr gives a test file two minutes).
  await expect(el).to.be.accessible(bodyBytes(row).length > LARGE ? { ignoredRules: ['color-contrast'] } : undefined);
}

describe('hostile articles through <article-view src>', function () {
  this.timeout(120_000);
  const prototypes = prototypeNames();
  afterEach(() => {
    delete window.__hostileRan;
  });

  for (const row of HOSTILE_ARTICLES) {
    const outcome = isAccepted(row.expect) ? 'renders' : `refuses (${[row.expect.error].flat().join(' or ')})`;
    it(`${row.id}: ${outcome}: ${row.about}`, async () => {
      const shown = await show(row);
      try {
        checkSafety(row, shown, prototypes);
        await checkOutcome(row, shown);
      } finally {
        shown.done();
      }
    });
  }
});
