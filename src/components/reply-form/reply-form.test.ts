// <reply-form> against the real reference server (test/reply-server.mjs mounts src/server/app.ts on a
// SQLite file) and, for answers the server never gives on demand, the fixture routes.
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './define.js';
import type { ReplyForm } from './reply-form.js';
import { loadDraft } from '../../data/drafts.js';

interface TestArticle {
  id: string;
  endpoint: string;
  ids: string[];
}

/** A fresh article on the test server, so no test sees another's replies (or trips duplicate detection). */
async function article(spec: { open?: boolean; replies?: { name?: string; parent?: number }[] } = {}): Promise<TestArticle> {
  const res = await fetch('/reply-test/articles', { method: 'POST', body: JSON.stringify(spec) });
  return res.json() as Promise<TestArticle>;
}

/** How many replies the store holds for an article, by status. */
async function stored(id: string): Promise<{ published: number; pending: number; spam: number }> {
  return (await fetch(`/reply-test/articles/${id}`)).json() as Promise<{ published: number; pending: number; spam: number }>;
}

const $ = <T extends Element = HTMLInputElement>(el: ReplyForm, selector: string) => el.shadowRoot!.querySelector<T>(selector)!;
const ids = { comment: 'comment', name: 'author', email: 'email', website: 'url' } as const;
type Field = keyof typeof ids;
const control = (el: ReplyForm, field: Field) => $<HTMLInputElement>(el, `#${ids[field]}`);
const errorOf = (el: ReplyForm, field: Field) => el.shadowRoot!.querySelector(`#${ids[field]}-error`)?.textContent ?? null;
const status = (el: ReplyForm) => $(el, '[part~="status"]').textContent!.trim();
const submitButton = (el: ReplyForm) => $<HTMLButtonElement>(el, 'button[type="submit"]');

/** Types into a field as a reader would (the element listens for `input`). */
async function fill(el: ReplyForm, values: Partial<Record<Field, string>>) {
  for (const [field, value] of Object.entries(values) as [Field, string][]) {
    const input = control(el, field);
    input.value = value;
    input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  }
  await el.updateComplete;
}

const valid = { comment: 'A thoughtful reply.\nWith two lines.', name: 'Ann Reader', email: 'ann@example.com', website: '' };

async function form(endpoint: string | null, articleId: string, extra: Partial<ReplyForm> = {}) {
  const el = await fixture<ReplyForm>(html`<reply-form endpoint=${endpoint ?? undefined} article-id=${articleId}></reply-form>`);
  Object.assign(el, extra);
  await el.updateComplete;
  return el;
}

/** The next success or failure event. */
const outcome = (el: ReplyForm) => Promise.race([oneEvent(el, 'reply-success'), oneEvent(el, 'reply-failure')]);

/** Submits through the button and waits for the outcome event. */
async function submit(el: ReplyForm) {
  const next = outcome(el);
  submitButton(el).click();
  return next;
}

/**
 * Moves focus out of a field. Real focus events only fire in the focused browser tab, and test
 * files run in parallel tabs, so the `focusout` the element listens for is dispatched directly.
 */
function leave(el: ReplyForm, field: Field) {
  control(el, field).dispatchEvent(new FocusEvent('focusout', { bubbles: true, composed: true }));
}

/** Every draft and the remembered identity, but those of test/faults.test.ts, which may be running beside this file in the same origin. */
const clearStorage = () => {
  for (const key of Object.keys(localStorage)) {
    if (key.startsWith('article-widgets:') && !key.startsWith('article-widgets:reply-draft:faults-')) localStorage.removeItem(key);
  }
};

describe('<reply-form>', () => {
  /** Elements a test attached by hand; removed after it, as fixture() does for its own. */
  const mounted: Element[] = [];
  afterEach(() => mounted.splice(0).forEach((node) => node.remove()));

  // The schemas load on demand; the first load through the dev server can outlast waitUntil's 1 s.
  before(() => import('../../data/reply.js'));
  beforeEach(clearStorage);
  after(clearStorage);

  it('is the WordPress form field for field, with labels, autocomplete and the email note tied', async () => {
    const el = await form('/api/articles/x/replies', 'wp-shape');
    expect($(el, 'h2').textContent!.trim()).to.equal('Leave a Reply');
    expect($(el, '[part~="notes"]').textContent!.replace(/\s+/g, ' ').trim()).to.equal(
      'Your email address will not be published. Required fields are marked *',
    );
    const rows: [Field, string, string | null, boolean][] = [
      ['comment', 'Comment', null, true],
      ['name', 'Name', 'name', true],
      ['email', 'Email', 'email', true],
      ['website', 'Website', 'url', false],
    ];
    for (const [field, label, autocomplete, required] of rows) {
      const input = control(el, field);
      expect(input.labels![0].textContent!.replace(/\s+/g, ' ').trim(), field).to.equal(required ? `${label} *` : label);
      expect(input.getAttribute('autocomplete'), field).to.equal(autocomplete);
      expect(input.required, field).to.equal(required);
    }
    expect(control(el, 'comment').tagName).to.equal('TEXTAREA');
    expect(control(el, 'email').type).to.equal('email');
    expect(control(el, 'email').getAttribute('aria-describedby')).to.equal('email-notes');
    expect($(el, '#email-notes').textContent).to.equal('Your email address will not be published.');
    const remember = $(el, '#remember');
    expect(remember.type).to.equal('checkbox');
    expect(remember.labels![0].textContent).to.equal('Save my name, email, and website in this browser for the next time I comment.');
    expect(submitButton(el).textContent).to.equal('Post Comment');
    expect($<HTMLFormElement>(el, 'form').noValidate).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('shows a message once a field is touched, and every message on submit, focusing the first invalid field', async () => {
    const el = await form('/api/articles/x/replies', 'touched');
    expect(['comment', 'name', 'email', 'website'].map((f) => errorOf(el, f as Field))).to.deep.equal([null, null, null, null]);
    leave(el, 'name');
    await waitUntil(() => errorOf(el, 'name'), 'name error after blur');
    expect(errorOf(el, 'name')).to.equal('Name is required.');
    expect(control(el, 'name').getAttribute('aria-invalid')).to.equal('true');
    expect(control(el, 'name').getAttribute('aria-describedby')).to.equal('author-error');
    expect(errorOf(el, 'comment'), 'untouched comment').to.equal(null);
    await expect(el).to.be.accessible();

    let submitted = false;
    el.addEventListener('reply-submit', () => (submitted = true));
    submitButton(el).click();
    await waitUntil(() => errorOf(el, 'comment'), 'all errors after submit');
    expect(errorOf(el, 'comment')).to.equal('Comment is required.');
    expect(errorOf(el, 'email')).to.equal('Email is required.');
    expect(errorOf(el, 'website')).to.equal(null);
    expect(control(el, 'email').getAttribute('aria-describedby')).to.equal('email-notes email-error');
    await waitUntil(() => el.shadowRoot!.activeElement === control(el, 'comment'), 'focus on the first invalid field');
    expect(status(el)).to.equal('Please correct the marked fields.');
    expect(submitted).to.equal(false);
    await expect(el).to.be.accessible();

    // After a submit, messages follow the text as the reader corrects it.
    await fill(el, { comment: 'Now there is text.' });
    await waitUntil(() => errorOf(el, 'comment') === null, 'comment error clears while typing');
    expect(control(el, 'comment').hasAttribute('aria-invalid')).to.equal(false);
    await fill(el, { name: 'Ann' });
    await waitUntil(() => el.shadowRoot!.activeElement !== null);
    submitButton(el).click();
    await waitUntil(() => el.shadowRoot!.activeElement === control(el, 'email'), 'focus moves to email, now the first invalid');
  });

  it('never flashes a stale message when a field filled in order loses focus', async () => {
    // Regression: leaving Email used to show "Email is required." (computed while it was empty)
    // until revalidation finished; the line it added pushed the button down mid-click.
    const el = await form('/api/articles/none/replies', `stale-${Math.random()}`);
    const seen: string[] = [];
    const observer = new MutationObserver(() => {
      for (const field of ['comment', 'name', 'email'] as const) if (errorOf(el, field)) seen.push(`${field}: ${errorOf(el, field)}`);
    });
    observer.observe(el.shadowRoot!, { subtree: true, childList: true, characterData: true });
    for (const field of ['comment', 'name', 'email'] as const) {
      await fill(el, { [field]: valid[field] });
      leave(el, field);
      await new Promise((r) => setTimeout(r, 50));
    }
    observer.disconnect();
    expect(seen).to.deep.equal([]);
  });

  it("counts limits in UTF-8 bytes, with the server's messages", async () => {
    const cases: [string, Partial<Record<Field, string>>, Field, string | null][] = [
      ['name of 123 × é = 246 bytes', { name: 'é'.repeat(123) }, 'name', 'Name is too long (max 245 bytes).'],
      ['name of 122 × é + a = 245 bytes', { name: 'é'.repeat(122) + 'a' }, 'name', null],
      ['comment of 65526 bytes', { comment: 'é'.repeat(32763) }, 'comment', 'Comment is too long (max 65525 bytes).'],
      ['comment of 65525 bytes in emoji', { comment: '😀'.repeat(16381) + 'a' }, 'comment', null],
      ['email of 102 bytes', { email: `${'é'.repeat(45)}@example.com` }, 'email', 'Email is too long (max 100 bytes).'],
      ['email without a domain', { email: 'ann@example' }, 'email', 'Enter a valid email address.'],
      ['website of 200 bytes', { website: `https://example.com/${'é'.repeat(90)}` }, 'website', null],
      ['website of 201 bytes', { website: `https://example.com/${'é'.repeat(90)}x` }, 'website', 'Website is too long (max 200 bytes).'],
      ['javascript: website', { website: 'javascript:alert(1)' }, 'website', 'Website must start with http:// or https://.'],
    ];
    const el = await form('/api/articles/x/replies', 'limits');
    // Nothing is posted: a valid reply's submit event is cancelled.
    el.addEventListener('reply-submit', (e) => e.preventDefault());
    for (const [label, values, field, expected] of cases) {
      await fill(el, { ...valid, ...values });
      const submitted = new Promise<boolean>((resolve) => {
        el.addEventListener('reply-submit', () => resolve(true), { once: true });
        setTimeout(() => resolve(false), 500);
      });
      submitButton(el).click();
      expect(await submitted, label).to.equal(expected === null);
      await el.updateComplete;
      expect(errorOf(el, field), label).to.equal(expected);
    }
    await expect(el).to.be.accessible();
  });

  it('restores the draft after a reload, per article', async () => {
    const first = await form('/api/articles/x/replies', 'draft-a');
    await fill(first, { comment: 'Half-written thought', name: 'Bea' });
    first.replyTo = { id: 'r1', name: 'Cy' };
    await first.updateComplete;
    first.remove();

    const again = await form('/api/articles/x/replies', 'draft-a');
    expect(control(again, 'comment').value).to.equal('Half-written thought');
    expect(control(again, 'name').value).to.equal('Bea');
    expect(again.replyTo).to.deep.equal({ id: 'r1', name: 'Cy' });
    expect($(again, 'h2').textContent!.trim()).to.equal('Leave a Reply to Cy');

    const other = await form('/api/articles/x/replies', 'draft-b');
    expect(control(other, 'comment').value).to.equal('');
    expect(control(other, 'name').value).to.equal('');
  });

  it('falls back to the endpoint as the draft key without an article id', async () => {
    const first = await fixture<ReplyForm>(html`<reply-form endpoint="/api/articles/keyless/replies"></reply-form>`);
    await fill(first, { comment: 'Keyed by endpoint' });
    first.remove();
    const again = await fixture<ReplyForm>(html`<reply-form endpoint="/api/articles/keyless/replies"></reply-form>`);
    expect(control(again, 'comment').value).to.equal('Keyed by endpoint');
  });

  describe('keeps the draft on every failure', () => {
    const failures: [string, () => Promise<string>, Partial<ReplyForm>, string, RegExp][] = [
      ['a 500', async () => '/fixture/test/fixtures/articles/short.json?status=500', {}, 'http', /The server had a problem \(500\)\./],
      ['an unreachable server', async () => 'http://127.0.0.1:9/api/articles/x/replies', {}, 'network', /could not be reached/],
      ['a timeout', async () => '/fixture/replies?hang=1', { timeout: 300 }, 'timeout', /did not answer within 0\.3 s/],
      ['closed comments (403)', async () => (await article({ open: false })).endpoint, {}, 'http', /^Comments are closed\./],
    ];
    for (const [label, endpoint, extra, kind, message] of failures) {
      it(`after ${label}`, async () => {
        const scope = `fail-${kind}-${label.length}`;
        const el = await form(await endpoint(), scope, extra);
        await fill(el, valid);
        const event = await submit(el);
        expect(event.type).to.equal('reply-failure');
        const { error } = (event as GlobalEventHandlersEventMap['reply-failure']).detail;
        expect(error.kind).to.equal(kind);
        expect(status(el)).to.match(message);
        expect(status(el)).to.contain('Your comment is still here; you can try again.');
        expect(el.state).to.equal('failed');
        expect(submitButton(el).getAttribute('aria-disabled')).to.equal('false');
        expect(control(el, 'comment').value).to.equal(valid.comment);
        expect(loadDraft(scope)?.comment).to.equal(valid.comment);
        await expect(el).to.be.accessible();
        el.remove();
        const reloaded = await form(el.endpoint, scope);
        expect(control(reloaded, 'comment').value).to.equal(valid.comment);
      });
    }
  });

  it('posts once per draft: a retry after a lost answer reuses the key and the server keeps one reply', async () => {
    const a = await article();
    const el = await form(`/lossy${a.endpoint}`, a.id);
    await fill(el, valid);
    const key = loadDraft(a.id)!.key;
    const first = await submit(el);
    expect(first.type, 'the proxy lost the answer').to.equal('reply-failure');
    expect((await stored(a.id)).published, 'yet the server stored it').to.equal(1);
    expect(loadDraft(a.id)!.key).to.equal(key);

    const retry = await submit(el);
    expect(retry.type).to.equal('reply-success');
    expect((await stored(a.id)).published, 'the retry returned the first result').to.equal(1);
    expect(loadDraft(a.id), 'draft cleared on confirmation').to.equal(null);
  });

  it('posts an edited draft as a new reply when the server already stored the earlier text', async () => {
    const a = await article();
    const el = await form(`/lossy${a.endpoint}`, a.id);
    await fill(el, valid);
    const key = loadDraft(a.id)!.key;
    expect((await submit(el)).type).to.equal('reply-failure');
    // Same key, different body: the server answers 422, and the form posts it under a new key
    // (whose first answer this proxy loses too).
    await fill(el, { comment: 'Edited after the lost answer.' });
    expect((await submit(el)).type).to.equal('reply-failure');
    expect(loadDraft(a.id)!.key).not.to.equal(key);
    expect((await stored(a.id)).published).to.equal(2);
    expect((await submit(el)).type).to.equal('reply-success');
    expect((await stored(a.id)).published).to.equal(2);
  });

  it('posts once per draft: a retry after a client timeout is answered from the first attempt', async () => {
    const a = await article();
    const el = await form(`/slow${a.endpoint}`, a.id, { timeout: 500 });
    await fill(el, valid);
    const first = await submit(el);
    expect((first as GlobalEventHandlersEventMap['reply-failure']).detail.error.kind).to.equal('timeout');
    // The retry may take its time (a loaded machine): only the first attempt is about the timeout.
    el.timeout = 10_000;
    const retry = await submit(el);
    expect(retry.type).to.equal('reply-success');
    expect((await stored(a.id)).published).to.equal(1);
  });

  it('disables the button while posting and ignores a second click', async () => {
    const answer = JSON.stringify({
      reply: { id: 'r1', parent: null, name: 'Ann Reader', website: null, comment: 'x', published: '2026-03-04T10:00:00.000Z' },
      status: 'pending',
    });
    const el = await form(`/fixture/replies?delay=800&status=202&body=${encodeURIComponent(answer)}`, 'double-click');
    await fill(el, valid);
    let submits = 0;
    el.addEventListener('reply-submit', () => submits++);
    const done = oneEvent(el, 'reply-success');
    submitButton(el).click();
    submitButton(el).click();
    await waitUntil(() => el.state === 'posting', 'never started posting', { timeout: 5000 });
    await el.updateComplete;
    expect(submitButton(el).getAttribute('aria-disabled')).to.equal('true');
    expect(status(el)).to.equal('Posting your comment…');
    await expect(el).to.be.accessible();
    submitButton(el).click();
    await done;
    expect(submits).to.equal(1);
    expect(submitButton(el).getAttribute('aria-disabled')).to.equal('false');
  });

  it('sends a double click to the real server once', async () => {
    const a = await article();
    const el = await form(a.endpoint, a.id);
    await fill(el, valid);
    const done = oneEvent(el, 'reply-success');
    submitButton(el).click();
    submitButton(el).click();
    await done;
    expect((await stored(a.id)).published).to.equal(1);
  });

  describe('after success', () => {
    const outcomes: [string, string, 'published' | 'pending', string][] = [
      ['published at once (201)', '', 'published', 'Your comment has been published.'],
      ['held for moderation (202)', '/hold', 'pending', 'Your comment is awaiting moderation.'],
    ];
    for (const [label, prefix, expected, message] of outcomes) {
      it(label, async () => {
        const a = await article();
        const el = await form(prefix + a.endpoint, a.id);
        await fill(el, valid);
        const event = (await submit(el)) as GlobalEventHandlersEventMap['reply-success'];
        expect(event.type).to.equal('reply-success');
        expect(event.detail.status).to.equal(expected);
        expect(event.detail.reply).to.include({ name: valid.name, comment: valid.comment, parent: null });
        expect(event.detail.reply).not.to.have.property('email');
        expect(el.state).to.equal(expected);
        expect(status(el)).to.equal(message);
        expect($(el, '[role="status"]')).to.equal($(el, '[part~="status"]'));
        expect(control(el, 'comment').value).to.equal('');
        expect(loadDraft(a.id)).to.equal(null);
        await expect(el).to.be.accessible();
      });
    }
  });

  it('puts server field errors on their fields, and other errors in the status', async () => {
    const body = JSON.stringify({
      error: {
        code: 'invalid_reply',
        message: 'Please correct the marked fields.',
        fields: { name: 'That name is reserved.', parent: 'The reply you are answering was not found.' },
      },
    });
    const el = await form(`/fixture/replies?status=400&body=${encodeURIComponent(body)}`, 'server-fields');
    await fill(el, valid);
    const event = (await submit(el)) as GlobalEventHandlersEventMap['reply-failure'];
    expect(event.detail.error.status).to.equal(400);
    expect(event.detail.error.code).to.equal('invalid_reply');
    expect(event.detail.error.fields).to.deep.equal({
      name: 'That name is reserved.',
      parent: 'The reply you are answering was not found.',
    });
    await el.updateComplete;
    expect(errorOf(el, 'name')).to.equal('That name is reserved.');
    expect(control(el, 'name').getAttribute('aria-invalid')).to.equal('true');
    await waitUntil(() => el.shadowRoot!.activeElement === control(el, 'name'), 'focus on the field the server refused');
    expect(status(el)).to.equal(
      'Please correct the marked fields. The reply you are answering was not found. Your comment is still here; you can try again.',
    );
    await expect(el).to.be.accessible();
    await fill(el, { name: 'Ann Other' });
    expect(errorOf(el, 'name'), 'editing the field clears the server message').to.equal(null);
  });

  it('answers a reply: heading, Cancel reply, and `parent` sent to the real server', async () => {
    const a = await article({ replies: [{ name: 'Cy' }] });
    const el = await form(a.endpoint, a.id, { replyTo: { id: a.ids[0], name: 'Cy' } });
    expect($(el, 'h2').textContent!.trim()).to.equal('Leave a Reply to Cy');
    expect($(el, 'h2 bdi').textContent).to.equal('Cy');
    await expect(el).to.be.accessible();
    await fill(el, valid);
    const event = (await submit(el)) as GlobalEventHandlersEventMap['reply-success'];
    expect(event.detail.reply.parent).to.equal(a.ids[0]);
    expect(el.replyTo).to.equal(null);

    el.replyTo = { id: a.ids[0], name: 'Cy' };
    await el.updateComplete;
    $<HTMLButtonElement>(el, '[part~="cancel"]').click();
    await el.updateComplete;
    expect(el.replyTo).to.equal(null);
    expect($(el, 'h2').textContent!.trim()).to.equal('Leave a Reply');
    expect(el.shadowRoot!.activeElement).to.equal(control(el, 'comment'));
  });

  it('has a honeypot people cannot see or reach, that is sent with the reply', async () => {
    const a = await article();
    const el = await form(`/hold${a.endpoint}`, a.id);
    const trap = $(el, '#url-confirm');
    expect(trap.name).to.equal('url_confirm');
    expect(trap.tabIndex).to.equal(-1);
    expect(trap.getAttribute('autocomplete')).to.equal('off');
    expect(trap.closest('[aria-hidden="true"]')).to.exist;
    const box = trap.parentElement!.getBoundingClientRect();
    expect(box.width * box.height).to.be.at.most(1);
    // Tab from Website goes to the checkbox, then the button: never to the trap.
    control(el, 'website').focus();
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal($(el, '#remember'));
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal(submitButton(el));
    await expect(el).to.be.accessible();

    // A bot that fills it is told "pending" and its reply lands as spam.
    await fill(el, valid);
    trap.value = 'http://spam.example';
    const event = (await submit(el)) as GlobalEventHandlersEventMap['reply-success'];
    expect(event.detail.status).to.equal('pending');
    expect(await stored(a.id)).to.deep.equal({ published: 0, pending: 0, spam: 1 });
  });

  it("works inside a host page's own <form> without submitting it", async () => {
    const a = await article();
    let outerSubmits = 0;
    // Built by hand: fixture() waits a frame for plain elements, and background tabs get no frames.
    const outer = document.createElement('form');
    outer.action = '/never';
    outer.addEventListener('submit', (e) => {
      outerSubmits++;
      e.preventDefault();
    });
    outer.innerHTML = `<input name="q" aria-label="Search"><reply-form endpoint="${a.endpoint}" article-id="${a.id}"></reply-form>`;
    document.body.append(outer);
    mounted.push(outer);
    const el = outer.querySelector('reply-form')!;
    await el.updateComplete;
    // Enter in a field submits the reply form (and here finds it invalid), never the outer one.
    control(el, 'name').focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => status(el) === 'Please correct the marked fields.', 'Enter submitted the inner form');
    await fill(el, valid);
    control(el, 'email').focus();
    const next = outcome(el);
    await sendKeys({ press: 'Enter' });
    expect((await next).type).to.equal('reply-success');
    await fill(el, { ...valid, comment: 'And a second one, by the button.' });
    expect((await submit(el)).type).to.equal('reply-success');
    expect(outerSubmits).to.equal(0);
    expect((await stored(a.id)).published).to.equal(2);
  });

  it('remembers name, email and website across articles only when asked', async () => {
    const identity = { name: 'Dee', email: 'dee@example.com', website: 'https://dee.example' };
    const [a, b, c] = await Promise.all([article(), article(), article()]);

    const first = await form(a.endpoint, a.id);
    await fill(first, { ...valid, ...identity });
    expect((await submit(first)).type).to.equal('reply-success');
    const notAsked = await form(b.endpoint, b.id);
    expect(control(notAsked, 'name').value, 'box not ticked: nothing carried over').to.equal('');
    expect($(notAsked, '#remember').checked).to.equal(false);
    notAsked.remove();

    const second = await form(a.endpoint, a.id);
    await fill(second, { ...valid, comment: 'Second thought.', ...identity });
    $(second, '#remember').click();
    expect((await submit(second)).type).to.equal('reply-success');
    expect(control(second, 'name').value, 'kept for the next comment').to.equal('Dee');

    const elsewhere = await form(b.endpoint, b.id);
    expect(control(elsewhere, 'name').value).to.equal('Dee');
    expect(control(elsewhere, 'email').value).to.equal('dee@example.com');
    expect(control(elsewhere, 'website').value).to.equal('https://dee.example');
    expect(control(elsewhere, 'comment').value).to.equal('');
    expect($(elsewhere, '#remember').checked).to.equal(true);

    // Unticking and posting forgets the identity again.
    await fill(elsewhere, { comment: 'From article b.' });
    $(elsewhere, '#remember').click();
    expect((await submit(elsewhere)).type).to.equal('reply-success');
    const later = await form(c.endpoint, c.id);
    expect(control(later, 'name').value).to.equal('');
    expect($(later, '#remember').checked).to.equal(false);
  });

  it('says replies are not available and does not post without an endpoint', async () => {
    const el = await form(null, 'no-endpoint');
    expect($(el, '[part~="notice"]').textContent).to.equal('Replies are not available here.');
    expect(submitButton(el).getAttribute('aria-disabled')).to.equal('true');
    expect(el.state).to.equal('unavailable');
    let submitted = false;
    el.addEventListener('reply-submit', () => (submitted = true));
    await fill(el, valid);
    submitButton(el).click();
    await el.updateComplete;
    expect(submitted).to.equal(false);
    expect(status(el)).to.equal('Replies are not available here.');
    expect(loadDraft('no-endpoint')?.comment, 'the words are kept anyway').to.equal(valid.comment);
    await expect(el).to.be.accessible();
  });

  it('adds https:// to a website typed without a scheme, as WordPress accepts it', async () => {
    const el = await form('/api/articles/x/replies', 'scheme');
    await fill(el, { website: 'example.com/me' });
    leave(el, 'website');
    await waitUntil(() => control(el, 'website').value === 'https://example.com/me');
    expect(errorOf(el, 'website')).to.equal(null);
  });

  it('still works, keeping the draft in memory, when localStorage throws', async () => {
    const proto = Storage.prototype;
    const original = { getItem: proto.getItem, setItem: proto.setItem, removeItem: proto.removeItem };
    const deny = () => {
      throw new DOMException('denied', 'SecurityError');
    };
    Object.assign(proto, { getItem: deny, setItem: deny, removeItem: deny });
    try {
      const first = await form('/api/articles/x/replies', 'no-storage');
      await fill(first, { comment: 'Kept in memory' });
      first.remove();
      const again = await form('/api/articles/x/replies', 'no-storage');
      expect(control(again, 'comment').value).to.equal('Kept in memory');
    } finally {
      Object.assign(proto, original);
    }
  });
});
