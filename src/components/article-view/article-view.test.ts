import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import './define.js';
import type { ArticleView } from './article-view.js';
import { seedPageParagraphs, nextEvent, SEED_URL, SHORT_URL } from '../../../test/helpers/seed.js';

const $ = (el: ArticleView, selector: string) => el.shadowRoot!.querySelector(selector);
const $$ = (el: ArticleView, selector: string) => [...el.shadowRoot!.querySelectorAll(selector)];
/** The element once its article has loaded (it may have loaded before `fixture` resolved). */
const loaded = async (el: ArticleView) => {
  if (el.state !== 'loaded') await oneEvent(el, 'article-load');
  return el;
};

describe('<article-view> with the seed article', () => {
  // One element for the whole group (fixture() would remove it after the first test).
  const el = document.createElement('article-view');
  before(async () => {
    const load = nextEvent(el, 'article-load');
    el.src = SEED_URL;
    document.body.append(el);
    await load;
  });
  after(() => el.remove());

  it('renders every paragraph of the captured page body verbatim and in order', async () => {
    const seed = await seedPageParagraphs();
    const rendered = $$(el, '[part~="body"] > p').map((p) => p.textContent);
    expect(seed.body).to.have.length(12);
    expect(rendered).to.deep.equal(seed.body);
  });

  it('renders the "Additional Context" section verbatim', async () => {
    const seed = await seedPageParagraphs();
    const section = $(el, 'section[part~="section"]')!;
    expect(section.querySelector('h2')!.textContent).to.equal('Additional Context');
    expect([...section.querySelectorAll('p')].map((p) => p.textContent)).to.deep.equal(seed.additionalContext);
    expect(section.getAttribute('aria-labelledby')).to.equal(section.querySelector('h2')!.id);
  });

  it('has exactly one h1, the title', async () => {
    const seed = await seedPageParagraphs();
    expect($$(el, 'h1')).to.have.length(1);
    expect($(el, 'h1[part~="title"]')!.textContent).to.equal(seed.title);
  });

  it('renders the breadcrumb as a nav with the current page marked', () => {
    const nav = $(el, 'nav[part~="breadcrumb"]')!;
    expect(nav.getAttribute('aria-label')).to.equal('Breadcrumb');
    const items = [...nav.querySelectorAll('li')].map((li) => li.textContent!.trim());
    expect(items).to.deep.equal(['Home', 'Opinion', 'Why the Push for Digital Sovereignty in AI Infrastructure Is Misguided']);
    expect(nav.querySelector('a')!.getAttribute('href')).to.equal('https://auwome.com/');
    expect(nav.querySelector('[aria-current="page"]')!.textContent).to.equal(items[2]);
  });

  it('puts the byline and contact in an address', () => {
    const address = $(el, 'address[part~="byline"]')!;
    const byline = address.querySelector('p')!.textContent!.replace(/\s+/g, ' ').trim();
    expect(byline).to.equal('Written by: the Mesh, an Autonomous AI Collective of Work');
    const contact = address.querySelector('[part~="contact"] a')!;
    expect(contact.getAttribute('href')).to.equal('https://auwome.com/contact/');
    expect(contact.textContent).to.equal('https://auwome.com/contact/');
  });

  it('shows no "Tagged:" label for an article without tags', () => {
    const tags = $(el, 'tag-list[part~="tags"]') as HTMLElement;
    expect(tags).to.exist;
    expect(tags.shadowRoot!.textContent!.trim()).to.equal('');
    expect(tags.getBoundingClientRect().height).to.equal(0);
    expect(el.shadowRoot!.textContent).not.to.contain('Tagged:');
  });

  it('keeps a replies slot for an article with open comments', () => {
    expect($(el, '[part~="replies"] slot[name="replies"]')).to.exist;
  });

  it('reflects the loaded state', () => {
    expect(el.getAttribute('state')).to.equal('loaded');
    expect($(el, 'article')!.getAttribute('aria-busy')).to.equal('false');
  });

  it('is accessible when loaded', async () => {
    await expect(el).to.be.accessible();
  });
});

describe('<article-view> rendering', () => {
  it('renders headings, quotes, lists, dates and tags from an article', async () => {
    const el = await loaded(await fixture<ArticleView>(html`<article-view src=${SHORT_URL}></article-view>`));
    expect($(el, '[part~="body"] h2')!.textContent).to.equal('A heading');
    expect($(el, 'blockquote p')!.textContent).to.equal('Quoted words.');
    expect($(el, 'blockquote cite')!.textContent).to.equal('Someone');
    expect($$(el, 'ol:not(nav ol) li').map((li) => li.textContent)).to.deep.equal(['one', 'two']);
    const times = $$(el, 'time').map((t) => t.getAttribute('datetime'));
    expect(times).to.deep.equal(['2026-03-04T10:00:00Z', '2026-03-05']);
    expect($$(el, 'time')[1].textContent).to.equal('March 5, 2026');
    const tagList = $(el, 'tag-list')!;
    expect([...tagList.shadowRoot!.querySelectorAll('[part~="tag"]')].map((t) => t.textContent)).to.deep.equal(['Testing', 'Notes']);
    expect($(el, 'p.closed')!.textContent).to.equal('Comments are closed.');
    await expect(el).to.be.accessible();
  });

  it('renders text as text, never as markup', async () => {
    const el = await loaded(await fixture<ArticleView>(html`<article-view src=${SHORT_URL}></article-view>`));
    const first = $(el, '[part~="body"] p')!;
    expect(first.textContent).to.equal('First paragraph <b>not bold</b> & plain.');
    expect(first.querySelector('b')).to.equal(null);
  });

  it('links authors with a url and lists several', async () => {
    const el = await loaded(await fixture<ArticleView>(html`<article-view src=${SHORT_URL}></article-view>`));
    const byline = $(el, 'address p')!;
    expect(byline.textContent!.replace(/\s+/g, ' ').trim()).to.equal('Written by: Ada Example, Grace Sample, guest editor');
    expect(byline.querySelector('a[rel="author"]')!.getAttribute('href')).to.equal('https://example.com/ada');
  });

  it('takes an article as a property without fetching', async () => {
    const article = await (await fetch(SHORT_URL)).json();
    const el = await fixture<ArticleView>(html`<article-view></article-view>`);
    const load = oneEvent(el, 'article-load');
    el.article = article;
    const event = await load;
    expect(event.detail.src).to.equal(null);
    expect(event.detail.article.id).to.equal('short');
    expect($(el, 'h1')!.textContent).to.equal('A Short Note on Tests');
  });

  it('rejects an invalid article property with a schema error', async () => {
    const el = await fixture<ArticleView>(html`<article-view></article-view>`);
    const failed = oneEvent(el, 'article-error');
    el.article = { id: 'x', title: 'T', body: [{ type: 'paragraph', text: 1 }] } as never;
    const event = await failed;
    expect(event.detail.error.kind).to.equal('schema');
    expect(event.detail.error.message).to.contain('body[0].text: expected string, received number');
  });

  it('shows its light-DOM content until an article is set', async () => {
    const el = await fixture<ArticleView>(html`<article-view><p>Read the article on our site.</p></article-view>`);
    expect(el.getAttribute('state')).to.equal('empty');
    expect($(el, 'slot:not([name])')).to.exist;
    await expect(el).to.be.accessible();
  });
});

describe('<article-view> loading and errors', () => {
  it('shows a busy skeleton while loading, and is accessible', async () => {
    const el = await fixture<ArticleView>(html`<article-view src="/fixture/x?hang=1"></article-view>`);
    expect(el.getAttribute('state')).to.equal('loading');
    const skeleton = $(el, '[part~="skeleton"]')!;
    expect(skeleton.getAttribute('aria-busy')).to.equal('true');
    expect(skeleton.getBoundingClientRect().height).to.be.greaterThan(40);
    expect($(el, '[role="status"]')!.textContent).to.equal('Loading article…');
    await expect(el).to.be.accessible();
  });

  const cases: { name: string; src: string; kind: string; text: string; attrs?: Record<string, string> }[] = [
    { name: '404', src: '/fixture/does-not-exist.json', kind: 'http', text: '404' },
    { name: '500', src: `/fixture${SEED_URL}?status=500`, kind: 'http', text: '500' },
    { name: 'a non-JSON body', src: '/fixture/x?body=%7Bnot%20json', kind: 'parse', text: 'not valid JSON' },
    { name: 'HTML served with 200', src: '/fixture/x?type=text/html&body=%3Chtml%3E%3C/html%3E', kind: 'content-type', text: 'text/html' },
    { name: 'a wrong shape', src: '/test/fixtures/articles/wrong-shape.json', kind: 'schema', text: 'body[3].text: expected string' },
    { name: 'a timeout', src: '/fixture/x?hang=1', kind: 'timeout', text: 'did not answer', attrs: { timeout: '300' } },
    {
      name: 'an oversized body (Content-Length)',
      src: `/fixture${SEED_URL}?pad=5000`,
      kind: 'too-large',
      text: 'larger than',
      attrs: { 'max-bytes': '10000' },
    },
    {
      name: 'an oversized body (no Content-Length)',
      src: `/fixture${SEED_URL}?pad=5000&nolength=1`,
      kind: 'too-large',
      text: 'larger than',
      attrs: { 'max-bytes': '10000' },
    },
    { name: 'an unreachable server', src: 'http://127.0.0.1:9/article.json', kind: 'network', text: 'could not be reached' },
  ];
  for (const c of cases) {
    it(`reports ${c.name} as "${c.kind}" with a visible message and an event`, async () => {
      const el = document.createElement('article-view');
      for (const [k, v] of Object.entries(c.attrs ?? {})) el.setAttribute(k, v);
      el.src = c.src;
      const failed = nextEvent(document, 'article-error');
      document.body.append(el);
      try {
        const event = await failed;
        expect(event.detail.error.kind).to.equal(c.kind);
        expect(event.detail.src).to.equal(c.src);
        expect(event.composed).to.equal(true);
        await el.updateComplete;
        const alert = $(el, '[role="alert"][part~="error"]')!;
        expect(alert.textContent).to.contain('The article could not be loaded.');
        expect(alert.textContent).to.contain(c.text);
        expect($(el, 'button[part~="retry"]')!.textContent).to.equal('Retry');
        expect(el.getAttribute('state')).to.equal('error');
        await expect(el).to.be.accessible();
      } finally {
        el.remove();
      }
    });
  }

  it('retries when Retry is pressed', async () => {
    const src = `/fixture${SHORT_URL}?failfirst=${Math.random()}`;
    const el = await fixture<ArticleView>(html`<article-view src=${src}></article-view>`);
    if (el.state !== 'error') await oneEvent(el, 'article-error');
    await el.updateComplete;
    const load = oneEvent(el, 'article-load');
    ($(el, 'button[part~="retry"]') as HTMLButtonElement).click();
    await load;
    expect($(el, '[role="alert"]')).to.equal(null);
    expect($(el, 'h1')!.textContent).to.equal('A Short Note on Tests');
  });

  it('keeps the last good article visible when a refresh fails', async () => {
    const el = await loaded(await fixture<ArticleView>(html`<article-view src=${SHORT_URL}></article-view>`));
    const failed = oneEvent(el, 'article-error');
    el.src = `/fixture${SHORT_URL}?status=503`;
    await failed;
    await el.updateComplete;
    expect($(el, '[role="alert"]')!.textContent).to.contain('503');
    expect($(el, 'h1')!.textContent).to.equal('A Short Note on Tests');
  });

  it('lets a newer src win over a slower older one', async () => {
    const el = await fixture<ArticleView>(html`<article-view src="/fixture${SEED_URL}?delay=600"></article-view>`);
    const events: string[] = [];
    el.addEventListener('article-load', (e) => events.push(e.detail.article.id));
    el.src = SHORT_URL;
    await waitUntil(() => events.length > 0, 'no article loaded');
    await new Promise((r) => setTimeout(r, 900)); // the slow one would have answered by now
    expect(events).to.deep.equal(['short']);
    expect($(el, 'h1')!.textContent).to.equal('A Short Note on Tests');
  });

  it('aborts the request when disconnected', async () => {
    // Observed at fetch itself (a spy that calls the real fetch): whether the engine then closes the
    // TCP connection at once is its own business (Firefox sometimes keeps it), what the element
    // controls is that the request is cancelled.
    const realFetch = window.fetch;
    const seen: { signal?: AbortSignal | null; outcome: Promise<unknown> }[] = [];
    window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      const request = realFetch(input, init);
      if (String(input).includes('hang=1'))
        seen.push({
          signal: init?.signal,
          outcome: request.then(
            () => 'answered',
            (e: Error) => e.name,
          ),
        });
      return request;
    };
    try {
      const el = await fixture<ArticleView>(html`<article-view src="/fixture/x?hang=1"></article-view>`);
      let events = 0;
      el.addEventListener('article-error', () => events++);
      await waitUntil(() => seen.length === 1, 'the element never fetched');
      await new Promise((r) => setTimeout(r, 100));
      el.remove();
      expect(seen[0].signal?.aborted).to.equal(true);
      expect(await seen[0].outcome).to.equal('AbortError');
      expect(events).to.equal(0);
    } finally {
      window.fetch = realFetch;
    }
  });
});

describe('<article-view> inside a host page', () => {
  // Host pages are built by hand: fixture() waits for an animation frame for plain elements,
  // and frames do not run in a background page when test files run side by side.
  const mounted: HTMLElement[] = [];
  const mount = async (markup: string) => {
    const host = document.createElement('div');
    host.innerHTML = markup;
    const el = host.querySelector('article-view')!;
    const load = nextEvent(el, 'article-load');
    document.body.append(host);
    mounted.push(host);
    await load;
    return { host, el };
  };
  afterEach(() => mounted.splice(0).forEach((m) => m.remove()));

  it("is not restyled by the host's CSS but inherits its font and colour", async () => {
    const { el } = await mount(`<div style="font-family: monospace; color: rgb(10, 20, 30)">
      <style>p { display: none !important; } h1 { color: rgb(255, 0, 0) !important; } nav, address { display: none !important; }</style>
      <article-view src="${SEED_URL}"></article-view></div>`);
    const p = $(el, '[part~="body"] p')!;
    expect(getComputedStyle(p).display).to.equal('block');
    expect(p.getBoundingClientRect().height).to.be.greaterThan(0);
    expect(getComputedStyle($(el, 'h1')!).color).to.equal('rgb(10, 20, 30)');
    expect(getComputedStyle($(el, 'nav')!).display).to.not.equal('none');
    expect(getComputedStyle(p).fontFamily).to.equal('monospace');
  });

  it('follows a dark host: links get lighter on light text', async () => {
    const light = (
      await mount(`<div style="color: rgb(20, 20, 20); background: white"><article-view src="${SEED_URL}"></article-view></div>`)
    ).el;
    const dark = (
      await mount(
        `<div style="color: rgb(240, 240, 240); background: black; color-scheme: dark"><article-view src="${SEED_URL}"></article-view></div>`,
      )
    ).el;
    const luminance = (v: ArticleView) => {
      const probe = document.createElement('canvas').getContext('2d')!;
      probe.fillStyle = getComputedStyle(v.shadowRoot!.querySelector('address a')!).color;
      probe.fillRect(0, 0, 1, 1);
      const [r, g, b] = probe.getImageData(0, 0, 1, 1).data;
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    expect(luminance(dark)).to.be.greaterThan(luminance(light) + 60);
    await expect(dark).to.be.accessible();
  });

  it('exposes its public custom properties', async () => {
    const { el } = await mount(
      `<article-view style="--article-view-measure: 30ch; --article-view-accent: rgb(0, 128, 0)" src="${SEED_URL}"></article-view>`,
    );
    const article = $(el, 'article')!;
    const ch = parseFloat(getComputedStyle(article).fontSize) * 0.5;
    expect(article.getBoundingClientRect().width).to.be.lessThan(ch * 30 * 1.4);
    expect(getComputedStyle($(el, 'address a')!).color).to.equal('rgb(0, 128, 0)');
  });
});

describe('<article-view> with published formats', () => {
  it('renders a WordPress post through its adapter, with its HTML sanitized', async () => {
    const el = await loaded(
      await fixture<ArticleView>(html`<article-view src="/shared/samples/wp-v2-posts-embed-demo-wp-api-org.json"></article-view>`),
    );
    expect($(el, 'h1')!.textContent!.length).to.be.greaterThan(3);
    await waitUntil(() => $(el, '[part~="body"] .html')?.childNodes.length, 'sanitized body never arrived');
    expect($(el, '[part~="body"] script, [part~="body"] iframe')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('never runs script from hostile HTML in an article', async () => {
    const w = window as { __xss?: boolean };
    delete w.__xss;
    const hostile = {
      version: 'https://jsonfeed.org/version/1.1',
      title: 'Feed',
      items: [
        {
          id: '1',
          title: 'Hostile',
          content_html:
            '<p>ok</p><img src=x onerror="window.__xss=true"><script>window.__xss=true</script><a href="javascript:window.__xss=true">x</a><svg><script>window.__xss=true</script></svg>',
        },
      ],
    };
    const el = await fixture<ArticleView>(html`<article-view></article-view>`);
    const load = oneEvent(el, 'article-load');
    el.article = hostile;
    await load;
    await waitUntil(() => $(el, '.html p'), 'sanitized body never arrived');
    await new Promise((r) => setTimeout(r, 100));
    expect(w.__xss).to.equal(undefined);
    expect($(el, '.html img')!.hasAttribute('onerror')).to.equal(false);
    expect($(el, '.html a')!.hasAttribute('href')).to.equal(false);
  });

  it('reports a document in no known format, naming the formats tried', async () => {
    const el = await fixture<ArticleView>(html`<article-view></article-view>`);
    const failed = oneEvent(el, 'article-error');
    el.article = { hello: 'world' };
    const { detail } = await failed;
    expect(detail.error.kind).to.equal('format');
    for (const name of ['native', 'wordpress', 'jsonfeed', 'schemaorg', 'ghost', 'activitystreams'])
      expect(detail.error.message).to.contain(name);
  });

  it('picks a feed item with the item attribute', async () => {
    const feed = '/shared/samples/jsonfeed-1.1-authors-edge-cases.json';
    const doc = await (await fetch(feed)).json();
    const second = doc.items[1];
    const el = await loaded(await fixture<ArticleView>(html`<article-view src=${feed} item=${second.id}></article-view>`));
    expect(el.article!.id).to.equal(String(second.id));
  });
});
