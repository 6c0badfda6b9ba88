// <reply-list> against the real reference server (test/reply-server.mjs), seeded per test with a
// fresh article, and against fixture routes for failures.
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import './define.js';
import type { ReplyList } from './reply-list.js';
import { threadReplies } from './reply-list.js';
import type { Reply } from '../../data/reply.js';

interface Seed {
  name?: string;
  comment?: string;
  website?: string;
  /** Index of the seeded reply this one answers. */
  parent?: number;
}

/** A fresh article with these replies published, oldest first. */
async function article(replies: Seed[] = []): Promise<{ id: string; endpoint: string; ids: string[] }> {
  const res = await fetch('/reply-test/articles', { method: 'POST', body: JSON.stringify({ replies }) });
  return res.json() as Promise<{ id: string; endpoint: string; ids: string[] }>;
}

/** The element once its current load has settled. */
async function settled(el: ReplyList) {
  await el.updateComplete; // the first update starts the load
  await waitUntil(() => el.state !== 'loading', 'load settles', { timeout: 5000 });
  await el.updateComplete;
  return el;
}

async function list(endpoint: string, attrs: { order?: string; pageSize?: number; maxDepth?: number } = {}) {
  const el = await fixture<ReplyList>(html`<reply-list endpoint=${endpoint} order=${attrs.order ?? 'oldest'}
    page-size=${attrs.pageSize ?? 50} max-depth=${attrs.maxDepth ?? 3}></reply-list>`);
  return settled(el);
}

const $ = <T extends Element = HTMLElement>(el: ReplyList, selector: string) => el.shadowRoot!.querySelector<T>(selector);
const $$ = (el: ReplyList, selector: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(selector)];
/** Author names in document order. */
const names = (el: ReplyList, scope = '') => $$(el, `${scope} [part~="author"]`).map((a) => a.textContent!.trim());
/** Names of the replies directly in a list, with their answers nested: `['A', ['B', ['C', 'D']], 'E']`. */
function shape(ol: Element | null): unknown[] {
  if (!ol) return [];
  return [...ol.children].flatMap((li) => {
    const name = li.querySelector(':scope > article [part~="author"]')!.textContent!.trim();
    const nested = li.querySelector(':scope > ol');
    return nested ? [name, shape(nested)] : [name];
  });
}

const reply = (id: string, parent: string | null, name = id, published = '2026-03-04T10:00:00Z'): Reply => ({
  id,
  parent,
  name,
  website: null,
  comment: `Comment by ${name}`,
  published,
});

describe('<reply-list>', () => {
  /** Elements a test attached by hand; removed after it, as fixture() does for its own. */
  const mounted: Element[] = [];
  afterEach(() => mounted.splice(0).forEach((node) => node.remove()));

  it("shows approved replies from the server: count, author, date in the page's language, text", async () => {
    const a = await article([
      { name: 'Ann', website: 'https://ann.example', comment: 'First line\nSecond line' },
      { name: 'Bob' },
      { name: 'Cy' },
    ]);
    // A plain wrapper built by hand: fixture() waits a frame for it, and background tabs get none.
    const wrapper = document.createElement('div');
    wrapper.lang = 'de';
    wrapper.innerHTML = `<reply-list endpoint="${a.endpoint}"></reply-list>`;
    document.body.append(wrapper);
    mounted.push(wrapper);
    const el = await settled(wrapper.querySelector('reply-list')!);
    expect(el.state).to.equal('loaded');
    expect($(el, 'h2[part~="count"]')!.textContent).to.equal('3 Replies');
    expect($(el, 'section')!.getAttribute('aria-labelledby')).to.equal('count');
    expect(names(el)).to.deep.equal(['Ann', 'Bob', 'Cy']);
    const link = $<HTMLAnchorElement>(el, '[part~="author"] a')!;
    expect(link.href).to.equal('https://ann.example/');
    expect(link.rel).to.equal('nofollow ugc noopener');
    expect($(el, '[part~="author"] bdi')).to.exist;
    const time = $<HTMLTimeElement>(el, 'time')!;
    const iso = time.dateTime;
    expect(Date.parse(iso)).to.be.greaterThan(0);
    expect(time.textContent).to.equal(new Intl.DateTimeFormat('de', { dateStyle: 'long', timeStyle: 'short' }).format(Date.parse(iso)));
    const comment = $(el, '[part~="comment"]')!;
    expect(comment.textContent).to.equal('First line\nSecond line');
    expect(comment.getAttribute('dir')).to.equal('auto');
    expect(getComputedStyle(comment).whiteSpace).to.equal('pre-line');
    expect($(el, 'section')!.getAttribute('aria-busy')).to.equal('false');
    await expect(el).to.be.accessible();
  });

  it('says "1 Reply" for one, and shows no heading at all for none', async () => {
    const cases: [Seed[], string | null][] = [
      [[{ name: 'Solo' }], '1 Reply'],
      [[], null],
    ];
    for (const [seed, heading] of cases) {
      const el = await list((await article(seed)).endpoint);
      expect($(el, '[part~="count"]')?.textContent ?? null, String(heading)).to.equal(heading);
      expect(el.state).to.equal(seed.length ? 'loaded' : 'empty');
      await expect(el).to.be.accessible();
    }
  });

  it('threads replies by parent, attaching those beyond the depth limit to the deepest level', async () => {
    // A ← B ← C ← D ← E (a chain five deep), F answers A, G stands alone.
    const a = await article([
      { name: 'A' },
      { name: 'B', parent: 0 },
      { name: 'C', parent: 1 },
      { name: 'D', parent: 2 },
      { name: 'E', parent: 3 },
      { name: 'F', parent: 0 },
      { name: 'G' },
    ]);
    const cases: [number, unknown[]][] = [
      [5, ['A', ['B', ['C', ['D', ['E']]], 'F'], 'G']],
      [3, ['A', ['B', ['C', 'D', 'E'], 'F'], 'G']],
      [2, ['A', ['B', 'C', 'D', 'E', 'F'], 'G']],
      [1, ['A', 'B', 'C', 'D', 'E', 'F', 'G']],
    ];
    for (const [maxDepth, expected] of cases) {
      const el = await list(a.endpoint, { maxDepth });
      expect(shape($(el, 'ol[part~="list"]')), `max-depth ${maxDepth}`).to.deep.equal(expected);
      await expect(el).to.be.accessible();
    }
  });

  it('threads without breaking on orphans or cycles', () => {
    const children = threadReplies([reply('a', 'b'), reply('b', 'a'), reply('c', 'missing')], 3);
    const top = children.get(null)!.map((r) => r.id);
    expect(top).to.include('c');
    // Every reply is placed exactly once.
    expect(
      [...children.values()]
        .flat()
        .map((r) => r.id)
        .sort(),
    ).to.deep.equal(['a', 'b', 'c']);
  });

  it('lists oldest or newest first, answers always oldest first', async () => {
    const a = await article([{ name: 'A' }, { name: 'B' }, { name: 'A1', parent: 0 }, { name: 'C' }, { name: 'A2', parent: 0 }]);
    const cases: [string, unknown[]][] = [
      ['oldest', ['A', ['A1', 'A2'], 'B', 'C']],
      ['newest', ['C', 'B', 'A', ['A1', 'A2']]],
    ];
    for (const [order, expected] of cases) {
      const el = await list(a.endpoint, { order });
      expect(shape($(el, 'ol[part~="list"]')), order).to.deep.equal(expected);
    }
  });

  it('pages with "Load more", keeping the count and moving focus to the first new reply', async () => {
    const a = await article(['A', 'B', 'C', 'D', 'E'].map((name) => ({ name })));
    const cases: [string, string[][]][] = [
      [
        'oldest',
        [
          ['A', 'B'],
          ['A', 'B', 'C', 'D'],
          ['A', 'B', 'C', 'D', 'E'],
        ],
      ],
      [
        'newest',
        [
          ['E', 'D'],
          ['E', 'D', 'C', 'B'],
          ['E', 'D', 'C', 'B', 'A'],
        ],
      ],
    ];
    for (const [order, pages] of cases) {
      const el = await list(a.endpoint, { order, pageSize: 2 });
      for (const [i, expected] of pages.entries()) {
        if (i > 0) {
          $<HTMLButtonElement>(el, '[part~="load-more"]')!.click();
          await settled(el);
          expect(el.shadowRoot!.activeElement?.querySelector('[part~="author"]')?.textContent, `${order} focus`).to.equal(expected[i * 2]);
        }
        expect(names(el), `${order} page ${i + 1}`).to.deep.equal(expected);
        expect($(el, '[part~="count"]')!.textContent).to.equal('5 Replies');
        expect(!!$(el, '[part~="load-more"]'), `${order} page ${i + 1} has more`).to.equal(i < pages.length - 1);
      }
      await expect(el).to.be.accessible();
    }
  });

  it('shows hostile names, comments and websites as text, never as HTML or links', async () => {
    const hostile = '<img src=x onerror="window.__replyListPwned=1">';
    const a = await article([
      { name: hostile, comment: `${hostile}\n<script>window.__replyListPwned=1</script><b>bold</b>` },
      { name: 'Js', website: 'javascript:alert(1)' },
      { name: 'Data', website: 'data:text/html,<b>x</b>' },
      { name: 'Relative', website: '/admin' },
      { name: 'Spaced', website: ' javascript:alert(1)' },
    ]);
    const el = await list(a.endpoint);
    expect(names(el)[0]).to.equal(hostile);
    expect($(el, '[part~="comment"]')!.textContent).to.equal(`${hostile}\n<script>window.__replyListPwned=1</script><b>bold</b>`);
    expect($$(el, 'img, script, b')).to.have.length(0);
    expect($$(el, '[part~="author"] a'), 'no unsafe website becomes a link').to.have.length(0);
    await new Promise((r) => setTimeout(r, 50));
    expect((window as { __replyListPwned?: number }).__replyListPwned).to.equal(undefined);
    await expect(el).to.be.accessible();
  });

  it('fires reply-select with the reply\'s id and name from each "Reply" button', async () => {
    const a = await article([{ name: 'Ann' }, { name: 'Bob', parent: 0 }]);
    const el = await list(a.endpoint);
    const buttons = $$(el, 'button[part~="reply-button"]');
    expect(buttons.map((b) => [b.textContent, b.getAttribute('aria-label')])).to.deep.equal([
      ['Reply', 'Reply to Ann'],
      ['Reply', 'Reply to Bob'],
    ]);
    const selected = oneEvent(document, 'reply-select');
    buttons[1].click();
    const event = await selected;
    expect(event.detail).to.deep.equal({ id: a.ids[1], name: 'Bob' });
    expect(event.composed && event.bubbles).to.equal(true);
  });

  it('shows loading, then an error with Retry, and fires reply-list-error', async () => {
    const page = JSON.stringify({ replies: [reply('r1', null, 'Ann')], total: 1, next: null });
    const key = `list-${Date.now()}`;
    const el = await fixture<ReplyList>(
      html`<reply-list endpoint=${`/fixture/replies?delay=300&failfirst=${key}&body=${encodeURIComponent(page)}`}></reply-list>`,
    );
    const failure = oneEvent(el, 'reply-list-error');
    expect(el.state).to.equal('loading');
    expect($(el, 'section')!.getAttribute('aria-busy')).to.equal('true');
    expect($(el, '[role="status"]')!.textContent).to.equal('Loading replies…');
    await expect(el).to.be.accessible();
    const failed = await failure;
    expect(failed.detail.error.kind).to.equal('http');
    expect(failed.detail.error.status).to.equal(500);
    await el.updateComplete;
    expect(el.state).to.equal('error');
    expect($(el, '[part~="error"]')!.getAttribute('role')).to.equal('alert');
    expect($(el, '[part~="error"]')!.textContent).to.contain('The replies could not be loaded.');
    expect($(el, 'section')!.getAttribute('aria-busy')).to.equal('false');
    await expect(el).to.be.accessible();
    $<HTMLButtonElement>(el, '[part~="retry"]')!.click();
    await settled(el);
    expect(el.state).to.equal('loaded');
    expect(names(el)).to.deep.equal(['Ann']);
    expect($(el, '[part~="error"]')).to.equal(null);
  });

  it('reports an answer in the wrong shape as a schema error', async () => {
    const el = await fixture<ReplyList>(
      html`<reply-list endpoint=${'/fixture/replies?body=' + encodeURIComponent('{"replies":[{"id":1}]}')}></reply-list>`,
    );
    const failed = await oneEvent(el, 'reply-list-error');
    expect(failed.detail.error.kind).to.equal('schema');
    expect(failed.detail.error.message).to.match(/replies\[0\]\.id/);
  });

  it('renders the `replies` property without fetching, and adds replies with addReply', async () => {
    const el = await fixture<ReplyList>(html`<reply-list .replies=${[reply('a', null, 'Ann'), reply('b', 'a', 'عمر')]}></reply-list>`);
    expect(shape($(el, 'ol[part~="list"]'))).to.deep.equal(['Ann', ['عمر']]);
    expect($(el, '[part~="count"]')!.textContent).to.equal('2 Replies');
    expect(el.state).to.equal('loaded');

    expect(el.addReply(reply('c', null, 'Cy', '2026-03-05T10:00:00Z'))).to.equal(true);
    expect(el.addReply(reply('c', null, 'Cy'))).to.equal(false);
    expect(el.addReply(reply('d', 'a', 'Dee', '2026-03-05T11:00:00Z'), 'pending')).to.equal(true);
    await el.updateComplete;
    expect(shape($(el, 'ol[part~="list"]'))).to.deep.equal(['Ann', ['عمر', 'Dee'], 'Cy']);
    expect($(el, '[part~="count"]')!.textContent, 'a held reply is not counted').to.equal('3 Replies');
    expect($(el, '[part~="pending"]')!.textContent).to.equal('Your comment is awaiting moderation.');
    expect(el.total).to.equal(3);
    await expect(el).to.be.accessible();
  });

  it('shows a just-published reply from the real server without a reload', async () => {
    const a = await article([{ name: 'Ann' }]);
    const el = await list(a.endpoint);
    const res = await fetch(a.endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
      body: JSON.stringify({ comment: 'Me too', name: 'Bob', email: 'bob@example.com', parent: a.ids[0] }),
    });
    const { reply: posted, status } = await res.json();
    expect(status).to.equal('published');
    el.addReply(posted);
    await el.updateComplete;
    expect(shape($(el, 'ol[part~="list"]'))).to.deep.equal(['Ann', ['Bob']]);
    expect($(el, '[part~="count"]')!.textContent).to.equal('2 Replies');
  });
});

describe('<reply-list> reading a WordPress site', () => {
  it('shows the comments of /wp/v2/comments?post=ID through the adapter', async () => {
    const el = document.createElement('reply-list');
    el.setAttribute('endpoint', '/shared/samples/wp-v2-comments-collection.json');
    const loaded = new Promise((r) => {
      const check = () => (el.state === 'loaded' || el.state === 'error' ? r(el.state) : setTimeout(check, 20));
      check();
    });
    document.body.append(el);
    try {
      expect(await loaded).to.equal('loaded');
      const comments: { author_name: string }[] = await (await fetch('/shared/samples/wp-v2-comments-collection.json')).json();
      const authors = [...el.shadowRoot!.querySelectorAll('[part~="author"]')].map((a) => a.textContent!.trim());
      expect(authors).to.include(comments[0].author_name);
      expect(el.shadowRoot!.querySelector('[part~="comment"]')!.querySelector('script, p, b')).to.equal(null);
    } finally {
      el.remove();
    }
  });
});
