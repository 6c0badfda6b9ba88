/**
 * Server rendering, hydration and light-DOM adoption, in the real engines. Pages come from the real
 * renderer and reference server (test/ssr-server.mjs) and load into iframes, so "before the module"
 * and "with scripts disabled" are real documents, not simulations.
 */
import { expect, waitUntil } from '@open-wc/testing';
import type { ArticleView } from '../src/components/article-view/article-view.js';
import type { ReplyForm } from '../src/components/reply-form/reply-form.js';
import type { Article } from '../src/data/article.js';
import { nextEvent, seedPageParagraphs, SEED_URL } from './helpers/seed.js';

type Logged = Window & { __logs?: string[] };

async function createArticle(
  spec: { replies?: { name?: string; comment?: string; parent?: number }[]; html?: string; title?: string } = {},
) {
  const res = await fetch('/ssr/articles', { method: 'POST', body: JSON.stringify(spec) });
  return ((await res.json()) as { id: string }).id;
}

const frames: HTMLIFrameElement[] = [];
afterEach(() => frames.splice(0).forEach((f) => f.remove()));

/** A fresh iframe showing `src` (or `srcdoc`), resolved once its document has loaded. */
function frame(options: { src?: string; srcdoc?: string; sandbox?: string }): Promise<HTMLIFrameElement> {
  const iframe = document.createElement('iframe');
  iframe.style.cssText = 'width: 900px; height: 700px; border: 0';
  if (options.sandbox !== undefined) iframe.setAttribute('sandbox', options.sandbox);
  const loaded = new Promise<HTMLIFrameElement>((resolve) => iframe.addEventListener('load', () => resolve(iframe), { once: true }));
  if (options.srcdoc !== undefined) iframe.srcdoc = options.srcdoc;
  else iframe.src = options.src!;
  document.body.append(iframe);
  frames.push(iframe);
  return loaded;
}

/** Loads the bundle's entry into the frame, as a page's `<script type="module">` would. */
function loadModule(iframe: HTMLIFrameElement) {
  const script = iframe.contentDocument!.createElement('script');
  script.type = 'module';
  script.src = '/src/define.ts';
  iframe.contentDocument!.head.append(script);
}

const visible = (el: Element | null | undefined) => !!el && el.getBoundingClientRect().height > 0;
const texts = (root: ParentNode, selector: string) => [...root.querySelectorAll(selector)].map((el) => el.textContent!.trim());
/** What the frame logged, less Lit's one dev-mode notice (the dev build is the one that reports hydration mismatches). */
const logsOf = (iframe: HTMLIFrameElement) =>
  ((iframe.contentWindow as Logged).__logs ?? []).filter((line) => !line.startsWith('warn: Lit is in dev mode.'));

describe('server-rendered article, scripts disabled', () => {
  it('shows the whole seed article from the declarative shadow root, and says the reply form needs JavaScript', async () => {
    const seed = await seedPageParagraphs();
    const id = await createArticle();
    // No allow-scripts: the page's module script never runs.
    const iframe = await frame({ src: `/ssr/page/${id}?script=1`, sandbox: 'allow-same-origin' });
    const host = iframe.contentDocument!.querySelector('article-view')!;
    expect(host.matches(':defined'), 'the element is not defined').to.equal(false);
    const root = host.shadowRoot!;
    expect(root, 'declarative shadow root').to.exist;
    expect(texts(root, 'h1')).to.deep.equal([seed.title]);
    expect(visible(root.querySelector('h1'))).to.equal(true);
    expect(texts(root, '[part~="body"] > p')).to.deep.equal(seed.body);
    expect(texts(root, 'section[part~="section"] p')).to.deep.equal(seed.additionalContext);
    expect(root.querySelectorAll('[part~="body"] > p').length).to.equal(12);
    const note = root.querySelector('reply-form .needs-js');
    expect(note?.textContent).to.equal('Posting a reply needs JavaScript.');
    expect(visible(note)).to.equal(true);
  });

  it('has the approved replies in the HTML, and sanitized HTML blocks', async () => {
    const id = await createArticle({
      replies: [
        { name: 'Ann', comment: 'First <b>reply</b>' },
        { name: 'Bo', comment: 'An answer', parent: 0 },
      ],
      html: '<p>Safe <a href="javascript:parent.__xss=1">link</a> <img src="x" onerror="parent.__xss=1"><em>emphasis</em></p><script>parent.__xss=1</script>',
    });
    const iframe = await frame({ src: `/ssr/page/${id}`, sandbox: 'allow-same-origin' });
    const root = iframe.contentDocument!.querySelector('article-view')!.shadowRoot!;
    const list = root.querySelector('reply-list')!;
    expect(list.shadowRoot, 'reply-list rendered on the server').to.exist;
    expect(texts(list.shadowRoot!, '[part~="comment"]')).to.deep.equal(['First <b>reply</b>', 'An answer']);
    expect(list.shadowRoot!.querySelector('[part~="count"]')!.textContent).to.equal('2 Replies');
    expect(visible(list.shadowRoot!.querySelector('[part~="comment"]'))).to.equal(true);
    const block = root.querySelector('.html')!;
    expect(block.querySelector('em')!.textContent).to.equal('emphasis');
    expect(block.querySelector('a')!.hasAttribute('href')).to.equal(false);
    expect(block.querySelector('img')!.hasAttribute('onerror')).to.equal(false);
    expect(block.querySelector('script')).to.equal(null);
  });
});

describe('hydrating a server-rendered article', () => {
  it('keeps the server nodes, then behaves like a client-rendered element (properties, events, replies, the form)', async () => {
    const seed = await seedPageParagraphs();
    const id = await createArticle({ replies: [{ name: 'Ann', comment: 'Server-rendered reply' }] });
    const iframe = await frame({ src: `/ssr/page/${id}?capture=1` });
    const host = iframe.contentDocument!.querySelector('article-view') as ArticleView;
    const root = host.shadowRoot!;
    const h1 = root.querySelector('h1')!;
    const firstParagraph = root.querySelector('[part~="body"] > p')!;
    const list = root.querySelector('reply-list')!;
    const reply = list.shadowRoot!.querySelector('[data-id]')!;
    expect(h1.textContent).to.equal(seed.title);

    const load = nextEvent(host, 'article-load');
    loadModule(iframe);
    const event = await load;
    expect(event.detail.src).to.equal(`/ssr/api/articles/${id}`);
    expect(event.detail.article.title).to.equal(seed.title);

    // Hydrated in place: the very same nodes.
    expect(root.querySelector('h1')).to.equal(h1);
    expect(root.querySelector('[part~="body"] > p')).to.equal(firstParagraph);
    expect(root.querySelector('reply-list')).to.equal(list);
    await (list as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    expect(list.shadowRoot!.querySelector('[data-id]')).to.equal(reply);
    expect(host.state).to.equal('loaded');
    expect(texts(root, '[part~="body"] > p')).to.deep.equal(seed.body);

    // The form upgraded; its no-JavaScript note is hidden by its shadow root.
    const form = root.querySelector('reply-form') as ReplyForm;
    await waitUntil(() => form.shadowRoot?.querySelector('textarea'), 'the reply form renders');
    expect(visible(form.querySelector('.needs-js'))).to.equal(false);

    // "Reply" on a hydrated reply points the form at it (events cross the hydrated tree).
    (list.shadowRoot!.querySelector('[part~="reply-button"]') as HTMLButtonElement).click();
    await form.updateComplete;
    expect(form.replyTo?.name).to.equal('Ann');

    // Posting a reply works and the new reply joins the hydrated list.
    const field = (selector: string, value: string) => {
      const input = form.shadowRoot!.querySelector(selector) as HTMLInputElement;
      input.value = value;
      input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    };
    field('textarea', 'Posted after hydration.');
    field('#author', 'Cy');
    field('#email', 'cy@example.com');
    const success = nextEvent(host, 'reply-success');
    (form.shadowRoot!.querySelector('button[type="submit"]') as HTMLButtonElement).click();
    expect((await success).detail.status).to.equal('published');
    await waitUntil(() => texts(list.shadowRoot!, '[part~="comment"]').includes('Posted after hydration.'), 'the new reply is listed');

    // A property change re-renders through the hydrated parts (the h1 stays the same node).
    const article = host.article!;
    const changed = nextEvent(host, 'article-load');
    host.article = { ...article, title: 'A new title' } satisfies Article;
    await changed;
    expect(root.querySelector('h1')).to.equal(h1);
    expect(h1.textContent).to.equal('A new title');

    expect(logsOf(iframe), 'console errors, warnings, uncaught errors').to.deep.equal([]);
  });

  it('hydrates an article with an HTML block and no replies without errors', async () => {
    const id = await createArticle({ html: '<figure><figcaption>A caption</figcaption></figure>' });
    const iframe = await frame({ src: `/ssr/page/${id}?capture=1` });
    const host = iframe.contentDocument!.querySelector('article-view') as ArticleView;
    const h1 = host.shadowRoot!.querySelector('h1');
    const load = nextEvent(host, 'article-load');
    loadModule(iframe);
    await load;
    expect(host.shadowRoot!.querySelector('h1')).to.equal(h1);
    // The browser's own sanitized copy replaces the server's, with the same content.
    await waitUntil(() => host.shadowRoot!.querySelector('.html figcaption')?.textContent === 'A caption', 'the HTML block stays');
    // No replies: the list was left to the browser, which loads it.
    const list = host.shadowRoot!.querySelector('reply-list') as HTMLElement & { state: string };
    await waitUntil(() => list.state === 'empty', 'the list loads its own (empty) replies');
    expect(logsOf(iframe)).to.deep.equal([]);
  });
});

describe('hydration when the data has moved on', () => {
  it('replaces a reply list whose replies changed since the page was rendered, without errors', async () => {
    const id = await createArticle({ replies: [{ name: 'Ann', comment: 'Rendered on the server' }] });
    const iframe = await frame({ src: `/ssr/page/${id}?capture=1` });
    const host = iframe.contentDocument!.querySelector('article-view') as ArticleView;
    const h1 = host.shadowRoot!.querySelector('h1');
    const serverList = host.shadowRoot!.querySelector('reply-list');
    // A reply is published after the page was served, before its script runs.
    const posted = await fetch(`/ssr/api/articles/${id}/replies`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Bo', email: 'bo@example.com', comment: 'Published in between' }),
    });
    expect(posted.status).to.equal(201);
    const load = nextEvent(host, 'article-load');
    loadModule(iframe);
    await load;
    expect(host.shadowRoot!.querySelector('h1')).to.equal(h1);
    const list = host.shadowRoot!.querySelector('reply-list')!;
    expect(list).not.to.equal(serverList);
    await waitUntil(() => texts(list.shadowRoot!, '[part~="comment"]').length === 2, 'the fresh list shows both replies');
    expect(logsOf(iframe)).to.deep.equal([]);
  });

  it('without src, hydrates when the page sets the same article', async () => {
    const id = await createArticle();
    const iframe = await frame({ src: `/ssr/page/${id}?capture=1&nosrc=1` });
    const host = iframe.contentDocument!.querySelector('article-view') as ArticleView;
    const h1 = host.shadowRoot!.querySelector('h1');
    loadModule(iframe);
    await waitUntil(() => iframe.contentWindow!.customElements.get('article-view'), 'the module ran');
    expect(host.shadowRoot!.querySelector('h1'), 'the server DOM waits').to.equal(h1);
    const load = nextEvent(host, 'article-load');
    host.article = await (await fetch(`/ssr/api/articles/${id}`)).json();
    await load;
    expect(host.shadowRoot!.querySelector('h1')).to.equal(h1);
    expect(host.hasUpdated).to.equal(true);
    expect(logsOf(iframe)).to.deep.equal([]);
  });
});

/** The seed article as a CMS prints it. */
function cmsHtml(article: Article): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const p = (text: string) => `<p>${esc(text)}</p>`;
  const crumbs = article
    .breadcrumbs!.map((c) => `<li>${c.url ? `<a href="${esc(c.url)}">${esc(c.label)}</a>` : esc(c.label)}</li>`)
    .join('');
  const author = article.authors![0];
  return `<nav aria-label="Breadcrumb"><ol>${crumbs}</ol></nav>
    <h1>${esc(article.title)}</h1>
    ${article.body.map((b) => (b.type === 'paragraph' ? p(b.text) : '')).join('\n')}
    <figure><img src="x" onerror="parent.__xss = 1" alt=""><figcaption>Adopted figure</figcaption></figure>
    <address><p>Written by: <span rel="author">${esc(author.name)}</span>, ${esc(author.description!)}</p>
      <p>Contact: <a href="${esc(article.contact!.url!)}">${esc(article.contact!.url!)}</a></p></address>
    ${article.sections!.map((s) => `<section><h2>${esc(s.heading)}</h2>${s.blocks.map((b) => (b.type === 'paragraph' ? p(b.text) : '')).join('')}</section>`).join('\n')}
    <p>Tagged: <a rel="tag" href="/tag/ai">AI</a> <a rel="tag" href="javascript:alert(1)">Policy</a></p>`;
}

describe('light-DOM progressive enhancement', () => {
  it('shows the CMS-printed article before the module loads, then adopts it without fetching', async () => {
    const seed = await seedPageParagraphs();
    const article = (await (await fetch(SEED_URL)).json()) as Article;
    const iframe = await frame({
      srcdoc: `<!doctype html><html lang="en"><head>${'<script>window.__logs = []; for (const l of ["error", "warn"]) { const o = console[l].bind(console); console[l] = (...a) => { window.__logs.push(l + ": " + a.join(" ")); o(...a); }; } addEventListener("error", (e) => window.__logs.push(e.message));</script>'}</head>
        <body><article-view id="adopted" lang="en">${cmsHtml(article)}</article-view>
        <article-view id="fallback"><a href="/somewhere">Read the article</a></article-view></body></html>`,
    });
    const doc = iframe.contentDocument!;
    const host = doc.querySelector('#adopted') as ArticleView;
    const fallback = doc.querySelector('#fallback') as ArticleView;
    // Before the module: plain page content.
    expect(host.matches(':defined')).to.equal(false);
    expect(visible(host.querySelector('h1'))).to.equal(true);
    expect(texts(host, ':scope > p')).to.include.members(seed.body);

    const load = nextEvent(host, 'article-load');
    loadModule(iframe);
    const event = await load;
    expect(event.detail.src).to.equal(null);
    expect(event.detail.article.title).to.equal(seed.title);

    const root = host.shadowRoot!;
    expect(texts(root, 'h1')).to.deep.equal([seed.title]);
    expect(texts(root, '[part~="body"] > p')).to.deep.equal(seed.body);
    expect(texts(root, 'section[part~="section"] p')).to.deep.equal(seed.additionalContext);
    expect(texts(root, 'nav[part~="breadcrumb"] li')).to.deep.equal(article.breadcrumbs!.map((c) => c.label));
    expect(root.querySelector('[part~="byline"] p')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal(
      'Written by: the Mesh, an Autonomous AI Collective of Work',
    );
    expect(root.querySelector('[part~="contact"] a')!.getAttribute('href')).to.equal(article.contact!.url);
    // Tags keep safe links only.
    const tags = root.querySelector('tag-list')!;
    await waitUntil(() => tags.shadowRoot?.querySelectorAll('[part~="tag"]').length === 2, 'tags render');
    expect(tags.shadowRoot!.querySelector('a[rel="tag"]')!.getAttribute('href')).to.equal('/tag/ai');
    expect(tags.shadowRoot!.querySelectorAll('a').length).to.equal(1);
    // Anything else goes through the sanitizer.
    await waitUntil(() => root.querySelector('.html figcaption')?.textContent === 'Adopted figure', 'the figure renders');
    expect(root.querySelector('.html img')!.hasAttribute('onerror')).to.equal(false);
    // The light children are now behind the shadow root, shown once.
    expect(visible(host.querySelector('h1'))).to.equal(false);
    expect(host.state).to.equal('loaded');

    // Children without an <h1> stay a fallback, shown through the default slot.
    expect(fallback.state).to.equal('empty');
    expect(visible(fallback.querySelector('a'))).to.equal(true);
    expect(fallback.shadowRoot!.querySelector('slot:not([name])')).to.exist;

    // And it behaves like any other element afterwards.
    const changed = nextEvent(host, 'article-load');
    host.article = { ...host.article!, title: 'Changed' };
    await changed;
    expect(texts(root, 'h1')).to.deep.equal(['Changed']);
    expect((iframe.contentWindow as Logged & { __xss?: number }).__xss).to.equal(undefined);
    expect(logsOf(iframe)).to.deep.equal([]);
  });
});
