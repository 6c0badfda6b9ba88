// Faults on the way to the server, in the browser: <article-view> and <reply-list> reading, and
// <reply-form> posting, through the faulty proxy of test/fault-server.mjs, which stands in front of
// the REAL reference server (test/reply-server.mjs: src/server/app.ts on SQLite) and spoils its
// answers. One table of cases, one loop per element. Each case checks what a reader sees (the message
// in the error box or status, the `state` attribute, accessibility), what a page hears (the error
// event and its `kind`), that the reader's words survive (textarea and localStorage), and that a
// retry once the server has recovered reuses the Idempotency-Key and leaves exactly one reply stored.
// Only what cannot run here is stubbed: the browser's offline state (`navigator.onLine` and the
// `offline` / `online` events); the connection the server drops meanwhile is real.
import { expect, waitUntil } from '@open-wc/testing';
import '../src/define.js';
import type { ArticleView } from '../src/components/article-view/article-view.js';
import type { ReplyForm } from '../src/components/reply-form/reply-form.js';
import type { ReplyList } from '../src/components/reply-list/reply-list.js';
import { loadDraft } from '../src/data/drafts.js';

interface Outcome {
  /** The error event's `error.kind` (several where engines differ, noted in the case). */
  kind: string | string[];
  /** What the reader is told, past the element's own "could not be loaded" / "still here". */
  text: RegExp;
}

interface FaultCase {
  name: string;
  /** The test/fault-server.mjs case. */
  fault: string;
  /** For <article-view> and <reply-list>; absent where the case is about posting. */
  get?: Outcome;
  /** For <reply-form>; `stored`: replies the server holds after the failed attempt. */
  post?: Outcome & { stored: number };
  /** The browser goes offline while the post is in flight, and back online after. */
  offline?: boolean;
}

/** The prefix of this file's draft keys (see `clearStorage`). */
const FAULTS_DRAFTS = 'faults-';
/** Where a case is about a timeout, the element gives up after this long (`timeout`). */
const TIMEOUT = 1000;
/**
 * Every other case, and every retry, waits this long: on a loaded machine a real answer can take
 * more than a second, and it must not turn into a timeout the case is not about.
 */
const PATIENT = 8000;
/** Long enough for a patient attempt and the retry after it. */
const WAIT = { timeout: PATIENT + 4000 };
const timedOut = /did not answer within 1 s\./;

const cases: FaultCase[] = [
  {
    name: '500',
    fault: '500',
    get: { kind: 'http', text: /The server answered 500\b/ },
    post: { kind: 'http', text: /^Something went wrong on the server\./, stored: 0 },
  },
  {
    name: "502 with a proxy's HTML page",
    fault: '502',
    get: { kind: 'http', text: /The server answered 502 Bad Gateway\./ },
    post: { kind: 'http', text: /^The server had a problem \(502\)\./, stored: 1 },
  },
  {
    name: '429 with Retry-After: 30',
    fault: '429',
    get: { kind: 'http', text: /The server answered 429 Too Many Requests\. Try again in 30 seconds\./ },
    post: { kind: 'http', text: /^You are posting replies too quickly\. Please wait a moment\. Try again in 30 seconds\./, stored: 0 },
  },
  {
    name: 'a truncated body (Content-Length larger than sent)',
    fault: 'truncated',
    get: { kind: 'network', text: /The connection broke while reading the response\./ },
    post: { kind: 'response', text: /^The server accepted the reply but sent an unexpected answer\./, stored: 1 },
  },
  {
    name: 'a JSON body cut in the middle',
    fault: 'cut',
    get: { kind: 'parse', text: /The response is not valid JSON/ },
    post: { kind: 'response', text: /^The server accepted the reply but sent an unexpected answer\./, stored: 1 },
  },
  {
    name: 'a body that never ends',
    fault: 'stall',
    get: { kind: 'timeout', text: timedOut },
    post: { kind: 'timeout', text: timedOut, stored: 1 },
  },
  {
    name: 'a redirect to another origin without CORS',
    fault: 'redirect',
    get: { kind: 'network', text: /The server could not be reached\./ },
    post: { kind: 'network', text: /^The server could not be reached\./, stored: 0 },
  },
  {
    // Browsers resend a GET whose connection closed unanswered (Firefox several times): dropped at
    // once, so all those attempts fail within the timeout.
    name: 'a dropped connection (no answer at all)',
    fault: 'drop:20',
    get: { kind: 'network', text: /The server could not be reached\./ },
  },
  {
    name: 'going offline mid-post while the server drops the connection',
    fault: 'drop',
    offline: true,
    post: { kind: 'network', text: /^You are offline\./, stored: 1 },
  },
  {
    name: "an answer after the client's timeout",
    fault: 'late',
    get: { kind: 'timeout', text: timedOut },
    post: { kind: 'timeout', text: timedOut, stored: 1 },
  },
];

/** Never shown to a reader: what an engine or a stack would say. */
const TECHNICAL =
  /TypeError|SyntaxError|AbortError|DOMException|Failed to fetch|NetworkError|Load failed|\bat \S+:\d+|\[object |undefined|null/;

interface TestArticle {
  id: string;
  endpoint: string;
}

/** A fresh article on the real server, with one published reply. */
async function article(): Promise<TestArticle> {
  const res = await fetch('/reply-test/articles', {
    method: 'POST',
    body: JSON.stringify({ replies: [{ name: 'Ada', comment: 'Seeded reply.' }] }),
  });
  if (!res.ok) throw new Error(`the test server did not create an article: ${res.status} ${(await res.text()).slice(0, 200)}`);
  return res.json() as Promise<TestArticle>;
}

const stored = async (id: string) => ((await (await fetch(`/reply-test/articles/${id}`)).json()) as { published: number }).published;
const heal = (token: string) => fetch(`/fault-control/${token}/heal`, { method: 'POST' });
const proxied = async (token: string) =>
  ((await (await fetch(`/fault-control/${token}`)).json()) as { requests: { method: string; key: string | null; faulted: boolean }[] })
    .requests;
let tokens = 0;
const newToken = () => `t${Date.now().toString(36)}-${++tokens}`;

/** Records every `type` event from `target`. */
function record<E extends Event>(target: EventTarget, type: string): E[] {
  const seen: E[] = [];
  target.addEventListener(type, (e) => seen.push(e as E));
  return seen;
}

const kinds = (kind: string | string[]) => (Array.isArray(kind) ? kind : [kind]);
/** The `timeout` attribute for a case's first attempt. */
const timeoutFor = (outcome: { kind: string | string[] }) => String(kinds(outcome.kind).includes('timeout') ? TIMEOUT : PATIENT);
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

/** Stubs the browser's connectivity (a real offline network cannot be produced in every engine here). */
function setOnline(online: boolean) {
  if (online) delete (navigator as { onLine?: boolean }).onLine;
  else Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
  window.dispatchEvent(new Event(online ? 'online' : 'offline'));
}

/**
 * This file's drafts are keyed under a name of their own: test files run side by side in one origin,
 * and each clears only its own drafts (reply-form.test.ts clears every other draft).
 */
const draftScope = (id: string) => `${FAULTS_DRAFTS}${id}`;
const clearStorage = () => {
  for (const key of Object.keys(localStorage))
    if (key.startsWith(`article-widgets:reply-draft:${FAULTS_DRAFTS}`)) localStorage.removeItem(key);
};

describe('faults on the way to the server', function () {
  this.timeout(3 * PATIENT);
  const rejections: unknown[] = [];
  const onRejection = (event: PromiseRejectionEvent) => rejections.push(event.reason);
  const mounted: Element[] = [];

  /** Creates the element with its attributes and starts recording `events` before it is attached. */
  function mount<T extends HTMLElement>(tag: string, attrs: Record<string, string>, events: string[]) {
    const el = document.createElement(tag) as T;
    for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
    const seen = Object.fromEntries(events.map((type) => [type, record<CustomEvent>(el, type)]));
    document.body.append(el);
    mounted.push(el);
    return { el, seen };
  }

  before(async () => {
    window.addEventListener('unhandledrejection', onRejection);
    // The schemas load on demand; loaded once here so no case's timing includes the first load.
    await Promise.all([import('../src/data/reply.js'), import('../src/data/parse-article.js')]);
  });
  after(() => window.removeEventListener('unhandledrejection', onRejection));
  beforeEach(() => {
    clearStorage();
    rejections.length = 0;
  });
  afterEach(clearStorage);

  /** A test that cleans up after itself, then fails if any promise was rejected unhandled meanwhile. */
  function test(title: string, body: () => Promise<void>) {
    it(title, async () => {
      try {
        await body();
      } finally {
        setOnline(true);
        mounted.splice(0).forEach((el) => el.remove());
      }
      await new Promise((r) => setTimeout(r, 50)); // a rejection surfaces a task or so after its cause
      expect(rejections.splice(0).map(String), 'unhandled rejections').to.deep.equal([]);
    });
  }

  describe('<article-view>', () => {
    for (const c of cases.filter((x) => x.get)) {
      test(`${c.name}: says so, fires article-error (${kinds(c.get!.kind).join(' or ')}), and Retry recovers`, async () => {
        const a = await article();
        const token = newToken();
        const src = `/fault/${c.fault}/${token}/api/articles/${a.id}`;
        const { el, seen } = mount<ArticleView>('article-view', { src, timeout: timeoutFor(c.get!) }, ['article-error', 'article-load']);
        await waitUntil(() => seen['article-error'].length, 'no article-error', WAIT);
        await el.updateComplete;
        const { error } = seen['article-error'][0].detail;
        expect(kinds(c.get!.kind), `kind ${error.kind}`).to.include(error.kind);
        expect(el.getAttribute('state')).to.equal('error');
        const box = el.shadowRoot!.querySelector('[part~="error"][role="alert"]');
        expect(text(box)).to.match(/^The article could not be loaded\. /);
        expect(text(box)).to.match(c.get!.text);
        expect(text(box)).not.to.match(TECHNICAL);
        await expect(el).to.be.accessible();

        await heal(token);
        el.timeout = PATIENT;
        el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="retry"]')!.click();
        await waitUntil(() => seen['article-load'].length, 'Retry did not load the article', WAIT);
        await el.updateComplete;
        expect(el.getAttribute('state')).to.equal('loaded');
        expect(el.shadowRoot!.querySelector('[part~="error"]')).to.equal(null);
        expect(text(el.shadowRoot!.querySelector('h1'))).to.equal(`Test article ${a.id}`);
        expect(seen['article-error']).to.have.length(1);
      });
    }
  });

  describe('<reply-list>', () => {
    for (const c of cases.filter((x) => x.get)) {
      test(`${c.name}: says so, fires reply-list-error (${kinds(c.get!.kind).join(' or ')}), and Retry recovers`, async () => {
        const a = await article();
        const token = newToken();
        const endpoint = `/fault/${c.fault}/${token}${a.endpoint}`;
        const { el, seen } = mount<ReplyList>('reply-list', { endpoint, timeout: timeoutFor(c.get!) }, ['reply-list-error']);
        await waitUntil(() => seen['reply-list-error'].length, 'no reply-list-error', WAIT);
        await el.updateComplete;
        const { error } = seen['reply-list-error'][0].detail;
        expect(kinds(c.get!.kind), `kind ${error.kind}`).to.include(error.kind);
        expect(el.getAttribute('state')).to.equal('error');
        const box = el.shadowRoot!.querySelector('[part~="error"][role="alert"]');
        expect(text(box)).to.match(/^The replies could not be loaded\. /);
        expect(text(box)).to.match(c.get!.text);
        expect(text(box)).not.to.match(TECHNICAL);
        await expect(el).to.be.accessible();

        await heal(token);
        el.timeout = PATIENT;
        el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="retry"]')!.click();
        await waitUntil(() => el.getAttribute('state') === 'loaded', 'Retry did not load the replies', WAIT);
        await el.updateComplete;
        expect(el.shadowRoot!.querySelector('[part~="error"]')).to.equal(null);
        expect(text(el.shadowRoot!.querySelector('[part~="comment"]'))).to.equal('Seeded reply.');
        expect(seen['reply-list-error']).to.have.length(1);
      });
    }
  });

  describe('<reply-form>', () => {
    const valid = { comment: '', author: 'Ann Reader', email: 'ann@example.com' };
    const $ = <T extends Element = HTMLElement>(el: ReplyForm, selector: string) => el.shadowRoot!.querySelector<T>(selector)!;

    async function fill(el: ReplyForm, values: Record<string, string>) {
      for (const [name, value] of Object.entries(values)) {
        const input = $<HTMLInputElement>(el, `[name="${name}"]`);
        input.value = value;
        input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
      }
      await el.updateComplete;
    }

    for (const c of cases.filter((x) => x.post)) {
      test(`${c.name}: says so, fires reply-failure (${kinds(c.post!.kind).join(' or ')}), keeps the draft, and a retry stores one reply`, async () => {
        const a = await article();
        const token = newToken();
        const endpoint = `/fault/${c.fault}/${token}${a.endpoint}`;
        const { el, seen } = mount<ReplyForm>('reply-form', { endpoint, 'article-id': draftScope(a.id), timeout: timeoutFor(c.post!) }, [
          'reply-failure',
          'reply-success',
        ]);
        await el.updateComplete;
        const comment = `Through "${c.name}".\nStill here?`;
        await fill(el, { ...valid, comment });
        const key = loadDraft(draftScope(a.id))!.key;
        const status = () => text($(el, '[part~="status"]'));

        $<HTMLButtonElement>(el, '[part~="submit"]').click();
        if (c.offline) {
          await waitUntil(() => el.getAttribute('state') === 'posting', 'never started posting');
          setOnline(false);
        }
        await waitUntil(() => seen['reply-failure'].length || seen['reply-success'].length, 'no outcome', WAIT);
        expect(seen['reply-success'], 'no success through the fault').to.have.length(0);
        await el.updateComplete;
        const { error } = seen['reply-failure'][0].detail;
        expect(kinds(c.post!.kind), `kind ${error.kind}`).to.include(error.kind);
        expect(el.getAttribute('state')).to.equal('failed');
        expect(status()).to.match(c.post!.text);
        expect(status()).to.match(/Your comment is still here; you can try again\.$/);
        expect(status()).not.to.match(TECHNICAL);
        expect($(el, '[part~="status"]').getAttribute('role')).to.equal('status');
        expect($<HTMLTextAreaElement>(el, 'textarea').value, 'the words on screen').to.equal(comment);
        expect(loadDraft(draftScope(a.id))?.comment, 'the words in storage').to.equal(comment);
        expect(loadDraft(draftScope(a.id))?.key, 'the same key for the retry').to.equal(key);
        expect($(el, '[part~="submit"]').getAttribute('aria-disabled')).to.equal('false');
        await expect(el).to.be.accessible();
        expect(await stored(a.id), 'replies stored by the failed attempt').to.equal(1 + c.post!.stored);

        if (c.offline) {
          setOnline(true);
          await el.updateComplete;
          expect(status(), 'back online').to.equal('You are back online. Your comment is still here; you can try again.');
          expect(el.getAttribute('state')).to.equal('failed');
          await expect(el).to.be.accessible();
        }

        await heal(token);
        el.timeout = PATIENT;
        $<HTMLButtonElement>(el, '[part~="submit"]').click();
        await waitUntil(() => seen['reply-success'].length || seen['reply-failure'].length > 1, 'no outcome', WAIT);
        expect(seen['reply-failure'], 'the retry succeeds').to.have.length(1);
        expect(seen['reply-success'][0].detail.reply.comment).to.equal(comment);
        expect(el.getAttribute('state')).to.equal('published');
        expect(await stored(a.id), 'exactly one reply from the reader').to.equal(2);
        expect(loadDraft(draftScope(a.id)), 'draft cleared once confirmed').to.equal(null);
        const posts = (await proxied(token)).filter((r) => r.method === 'POST');
        expect(posts.at(-1)!.faulted, 'the retry reached the healed server').to.equal(false);
        expect(new Set(posts.map((r) => r.key)), 'every attempt under one Idempotency-Key').to.deep.equal(new Set([key]));
      });
    }
  });
});
