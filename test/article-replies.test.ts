// <article-view> with the replies area, against the real reference server (test/reply-server.mjs).
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../src/define.js';
import type { ArticleView } from '../src/components/article-view/article-view.js';

async function newArticle(replies: { name: string; comment: string; parent?: number }[] = [], open = true) {
  const response = await fetch('/reply-test/articles', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ open, replies }),
  });
  return (await response.json()) as { id: string; endpoint: string; ids: string[] };
}

async function view(id: string) {
  const el = await fixture<ArticleView>(html`<article-view src="/api/articles/${id}"></article-view>`);
  if (el.state !== 'loaded') await oneEvent(el, 'article-load');
  return el;
}

describe('<article-view> replies area', () => {
  it('shows the conversation and the form for an article whose comments are open', async () => {
    const { id } = await newArticle([
      { name: 'Ada', comment: 'First!' },
      { name: 'Grace', comment: 'Answer', parent: 0 },
    ]);
    const el = await view(id);
    const list = el.shadowRoot!.querySelector('reply-list')!;
    const form = el.shadowRoot!.querySelector('reply-form')!;
    expect(list.getAttribute('endpoint')).to.equal(`${location.origin}/api/articles/${id}/replies`);
    expect(form.getAttribute('article-id')).to.equal(id);
    await waitUntil(() => list.shadowRoot?.textContent?.includes('Grace'), 'replies never listed');
    expect(list.shadowRoot!.textContent).to.contain('2 Replies');
    expect(form.shadowRoot!.textContent).to.contain('Leave a Reply');
    await expect(el).to.be.accessible();
  });

  it('points the form at a reply when its Reply button is pressed', async () => {
    const { id } = await newArticle([{ name: 'Ada', comment: 'Question?' }]);
    const el = await view(id);
    const list = el.shadowRoot!.querySelector('reply-list')!;
    const form = el.shadowRoot!.querySelector('reply-form')!;
    await waitUntil(() => list.shadowRoot?.querySelector('[part~="reply-button"]'), 'no Reply button');
    (list.shadowRoot!.querySelector('[part~="reply-button"]') as HTMLButtonElement).click();
    await form.updateComplete;
    expect(form.replyTo?.name).to.equal('Ada');
    expect(form.shadowRoot!.querySelector('[part~="heading"]')!.textContent).to.contain('Leave a Reply to Ada');
  });

  it('shows a reply the server published at once in the list', async () => {
    const { id } = await newArticle();
    const el = await view(id);
    const list = el.shadowRoot!.querySelector('reply-list')!;
    const form = el.shadowRoot!.querySelector('reply-form')!;
    await form.updateComplete;
    const field = (name: string) => form.shadowRoot!.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[name="${name}"]`)!;
    const type = (name: string, value: string) => {
      field(name).value = value;
      field(name).dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    };
    type('comment', 'Posted through the article.');
    type('author', 'Reader');
    type('email', 'reader@example.com');
    const done = oneEvent(el, 'reply-success');
    (form.shadowRoot!.querySelector('[part~="submit"]') as HTMLButtonElement).click();
    const { detail } = await done;
    expect(detail.status).to.equal('published');
    await waitUntil(() => list.shadowRoot?.textContent?.includes('Posted through the article.'), 'reply not shown');
  });
});
