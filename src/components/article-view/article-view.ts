import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Article, Block, Author } from '../../data/article.js';
import { isSafeHref } from '../../data/url.js';
import { LoadError } from '../../data/errors.js';
import { loadArticle, toArticle } from '../../data/load-article.js';
import type { FormatName } from '../../data/formats/index.js';
import { ArticleLoadEvent } from '../../events/article-load.js';
import { ArticleErrorEvent } from '../../events/article-error.js';
import { articleViewStyles } from './article-view.styles.js';
import { sanitizedHtml } from './sanitized-html.js';

/** What `<article-view>` is doing; reflected as the `state` attribute for host-page styling. */
export type ArticleViewState = 'empty' | 'loading' | 'loaded' | 'error';

/** Every string the element writes itself; set `messages` to localise. */
export interface ArticleViewMessages {
  breadcrumb: string;
  writtenBy: string;
  contact: string;
  published: string;
  updated: string;
  loading: string;
  loadFailed: string;
  retry: string;
  tagged: string;
  commentsClosed: string;
}

export const defaultMessages: ArticleViewMessages = {
  breadcrumb: 'Breadcrumb',
  writtenBy: 'Written by:',
  contact: 'Contact:',
  published: 'Published',
  updated: 'Updated',
  loading: 'Loading article…',
  loadFailed: 'The article could not be loaded.',
  retry: 'Retry',
  tagged: 'Tagged:',
  commentsClosed: 'Comments are closed.',
};

/**
 * Fetches an article (or takes one as a property) and renders the whole piece: breadcrumb, title,
 * byline, body, contact, extra sections, tags, and the replies area.
 *
 * @tagname article-view
 * @summary An article, embedded.
 *
 * @slot - Shown before any article is set (e.g. a server-printed fallback or a link to the article).
 * @slot replies - Replaces the built-in replies area (`<reply-list>` + `<reply-form>` when comments are open).
 *
 * @csspart article - The `<article>` element.
 * @csspart breadcrumb - The breadcrumb `<nav>`.
 * @csspart title - The `<h1>`.
 * @csspart dates - The published / updated line.
 * @csspart body - The article's body.
 * @csspart byline - The `<address>` with author and contact.
 * @csspart contact - The contact line inside the byline.
 * @csspart section - Each extra section (e.g. "Additional Context").
 * @csspart tags - The `<tag-list>`.
 * @csspart replies - The replies area.
 * @csspart error - The error message box.
 * @csspart retry - The Retry button.
 * @csspart skeleton - The loading placeholder.
 *
 * @cssprop [--article-view-accent] - Link and highlight colour (default: a blue mixed with the host's text colour).
 * @cssprop [--article-view-spacing=1rem] - Base vertical rhythm.
 * @cssprop [--article-view-measure=70ch] - Maximum line length.
 * @cssprop [--article-view-radius=6px] - Corner radius of boxes and buttons.
 * @cssprop [--article-view-title-size=2em] - Size of the title.
 *
 * @fires {ArticleLoadEvent} article-load - An article loaded and rendered; `detail: { article, src }`.
 * @fires {ArticleErrorEvent} article-error - Loading failed; `detail: { error, src }`, `error.kind` says why.
 */
export class ArticleView extends LitElement {
  static override styles = articleViewStyles;

  /** URL of the article JSON. Changing it aborts a request in flight and loads the new one. */
  @property({ reflect: true }) src: string | null = null;

  /**
   * The document's format: `native`, `wordpress`, `jsonfeed`, `schemaorg`, `ghost` or `activitystreams`.
   * Unset: detected by shape.
   */
  @property() format: FormatName | null = null;

  /** For a feed or collection (JSON Feed, WordPress posts, Ghost): the item to show, by id or URL. Default: the first. */
  @property() item: string | null = null;

  /** Milliseconds before a load fails as a timeout. */
  @property({ type: Number }) timeout = 15_000;

  /** Largest response accepted, in bytes (checked before parsing). */
  @property({ type: Number, attribute: 'max-bytes' }) maxBytes = 2 * 1024 * 1024;

  /** What the element is doing: `empty`, `loading`, `loaded` or `error`. Read-only; reflected. */
  @property({ reflect: true, attribute: 'state' }) readonly state: ArticleViewState = 'empty';

  /** Strings the element writes; a partial object overrides the English defaults. */
  @property({ attribute: false }) messages: Partial<ArticleViewMessages> = {};

  /** The last load error, or `null`. */
  @state() error: LoadError | null = null;

  #article: Article | null = null;
  #controller: AbortController | null = null;
  #request = 0;

  /** The article shown. Setting it renders that article without fetching (it is validated first). */
  @property({ attribute: false })
  get article(): Article | null {
    return this.#article;
  }
  set article(value: Article | null | unknown) {
    if (value === null) {
      this.#abort();
      const old = this.#article;
      this.#article = null;
      this.error = null;
      this.#setState('empty');
      this.requestUpdate('article', old);
    } else {
      // Read like a fetched document: a page's JavaScript is input too, and may be in any format.
      this.#run(null, () => toArticle(value, { format: this.format ?? undefined, item: this.item ?? undefined }));
    }
  }

  /** Loads `src` again (the Retry button does this). */
  reload(): void {
    if (this.src) this.#load(this.src);
  }

  constructor() {
    super();
    // The built-in replies area: a reply's "Reply" points the form at it; a published reply
    // appears in the list at once. Listened to on the host, so slotted replacements work too.
    this.addEventListener('reply-select', (e) => {
      const form = this.#find('reply-form');
      if (!form) return;
      form.replyTo = e.detail;
      form.focus();
    });
    this.addEventListener('reply-success', (e) => {
      if (e.detail.status === 'published') this.#find('reply-list')?.addReply(e.detail.reply, e.detail.status);
    });
  }

  #find<K extends 'reply-form' | 'reply-list'>(tag: K): HTMLElementTagNameMap[K] | null {
    return this.renderRoot?.querySelector(tag) ?? this.querySelector(tag);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Re-attached after a disconnect aborted the load: start it again.
    if (this.src && this.hasUpdated && this.state === 'loading' && !this.#controller) this.#load(this.src);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#abort();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const reload = changed.has('src') || changed.has('format') || changed.has('item');
    if (reload && this.src && this.isConnected) this.#load(this.src);
  }

  #setState(next: ArticleViewState) {
    (this as { state: ArticleViewState }).state = next;
  }

  #abort() {
    this.#controller?.abort();
    this.#controller = null;
    this.#request++;
  }

  #load(src: string) {
    const options = { timeout: this.timeout, maxBytes: this.maxBytes, format: this.format ?? undefined, item: this.item ?? undefined };
    this.#run(src, (signal) => loadArticle(src, { ...options, signal }));
  }

  /** Runs one load; a newer one (new `src`, new `article`, disconnect) makes this one's result void. */
  async #run(src: string | null, load: (signal: AbortSignal) => Promise<Article>) {
    this.#abort();
    const request = this.#request;
    const controller = (this.#controller = new AbortController());
    this.#setState('loading');
    this.error = null;
    try {
      const article = await load(controller.signal);
      if (request !== this.#request) return;
      this.#controller = null;
      const old = this.#article;
      this.#article = article;
      this.#setState('loaded');
      this.requestUpdate('article', old);
      await this.updateComplete;
      this.dispatchEvent(new ArticleLoadEvent({ article, src }));
    } catch (error) {
      if (request !== this.#request) return;
      this.#controller = null;
      this.#fail(error instanceof LoadError ? error : new LoadError('network', String(error), { url: src ?? undefined, cause: error }), src);
    }
  }

  protected override updated(): void {
    // Replies render through their own elements. When this element is used on its own (not the
    // script-tag bundle, which registers everything), load them only for articles that take replies.
    if (this.#article?.comments?.open && !customElements.get('reply-form')) {
      void import('../reply-list/define.js');
      void import('../reply-form/define.js');
    }
  }

  #fail(error: LoadError, src: string | null) {
    this.error = error;
    // A failed refresh keeps the last good article on screen, with the error above it.
    this.#setState('error');
    this.dispatchEvent(new ArticleErrorEvent({ error, src }));
  }

  get #messages(): ArticleViewMessages {
    return { ...defaultMessages, ...this.messages };
  }

  protected override render() {
    const article = this.#article;
    const busy = this.state === 'loading';
    return html`${this.error ? this.#renderError(this.error) : nothing}${article
      ? this.#renderArticle(article, busy)
      : busy
        ? this.#renderSkeleton()
        : this.error
          ? nothing
          : html`<slot></slot>`}`;
  }

  #renderError(error: LoadError) {
    const m = this.#messages;
    return html`<div class="error" part="error" role="alert">
      <p><strong>${m.loadFailed}</strong> ${error.message}</p>
      ${this.src ? html`<button type="button" part="retry" @click=${this.reload}>${m.retry}</button>` : nothing}
    </div>`;
  }

  #renderSkeleton() {
    return html`<article part="article skeleton" class="skeleton" aria-busy="true" aria-label=${this.#messages.loading}>
      <span class="visually-hidden" role="status">${this.#messages.loading}</span>
      <div class="title" aria-hidden="true"></div>
      <div aria-hidden="true"></div>
      <div aria-hidden="true"></div>
      <div class="short" aria-hidden="true"></div>
    </article>`;
  }

  #renderArticle(a: Article, busy: boolean) {
    const m = this.#messages;
    const lang = a.lang ?? (this.closest('[lang]')?.getAttribute('lang') || undefined);
    return html`<article part="article" lang=${a.lang ?? nothing} dir=${a.dir ?? nothing} aria-busy=${busy ? 'true' : 'false'}>
      ${a.breadcrumbs?.length
        ? html`<nav part="breadcrumb" aria-label=${m.breadcrumb}>
            <ol>
              ${a.breadcrumbs.map((crumb, i, all) =>
                i === all.length - 1
                  ? html`<li><span aria-current="page">${crumb.label}</span></li>`
                  : html`<li>${crumb.url ? html`<a href=${crumb.url}>${crumb.label}</a>` : crumb.label}</li>`,
              )}
            </ol>
          </nav>`
        : nothing}
      <h1 part="title">${a.title}</h1>
      ${a.published || a.updated ? this.#renderDates(a, lang) : nothing}
      <div part="body" class="body">${a.body.map((block) => this.#renderBlock(block, a))}</div>
      ${a.authors?.length || a.contact
        ? html`<address part="byline">
            ${a.authors?.length
              ? html`<p><span class="label">${m.writtenBy}</span> ${a.authors.map((author, i) =>
                  html`${i ? ', ' : ''}${this.#renderAuthor(author)}`)}</p>`
              : nothing}
            ${a.contact
              ? html`<p part="contact"><span class="label">${m.contact}</span>
                  ${a.contact.url ? html`<a href=${a.contact.url}>${a.contact.url}</a>` : a.contact.label}</p>`
              : nothing}
          </address>`
        : nothing}
      ${a.sections?.map(
        (section, i) => html`<section part="section" aria-labelledby="section-${i}">
          <h2 id="section-${i}">${section.heading}</h2>
          ${section.blocks.map((block) => this.#renderBlock(block, a))}
        </section>`,
      )}
      <tag-list part="tags" .tags=${a.tags ?? []} label=${m.tagged}></tag-list>
      <div part="replies" class="replies">
        <slot name="replies">${this.#renderReplies(a)}</slot>
      </div>
    </article>`;
  }

  #renderAuthor(author: Author) {
    const name = author.url && isSafeHref(author.url)
      ? html`<a rel="author" href=${author.url}>${author.name}</a>`
      : html`<span>${author.name}</span>`;
    return html`${name}${author.description ? html`, ${author.description}` : nothing}`;
  }

  #renderDates(a: Article, lang: string | undefined) {
    const m = this.#messages;
    const time = (iso: string) => html`<time datetime=${iso}>${formatDate(iso, lang)}</time>`;
    return html`<p class="dates" part="dates">
      ${a.published ? html`${m.published} ${time(a.published)}` : nothing}
      ${a.published && a.updated ? ' · ' : nothing}
      ${a.updated ? html`${m.updated} ${time(a.updated)}` : nothing}
    </p>`;
  }

  #renderBlock(block: Block, article: Article): TemplateResult {
    switch (block.type) {
      case 'paragraph':
        return html`<p>${block.text}</p>`;
      case 'heading':
        return headingTemplates[block.level - 2](block.text);
      case 'quote':
        return html`<blockquote><p>${block.text}</p>${block.cite ? html`<footer>— <cite>${block.cite}</cite></footer>` : nothing}</blockquote>`;
      case 'list':
        return block.ordered
          ? html`<ol>${block.items.map((item) => html`<li>${item}</li>`)}</ol>`
          : html`<ul>${block.items.map((item) => html`<li>${item}</li>`)}</ul>`;
      case 'html':
        return html`<div class="html">${sanitizedHtml(block.html, article.url ?? this.src ?? undefined)}</div>`;
    }
  }

  #renderReplies(a: Article) {
    if (!a.comments) return nothing;
    if (!a.comments.open) return html`<p class="closed">${this.#messages.commentsClosed}</p>`;
    const endpoint = a.comments.endpoint ?? nothing;
    return html`<reply-list endpoint=${endpoint}></reply-list>
      <reply-form endpoint=${endpoint} article-id=${a.id}></reply-form>`;
  }
}

// Static templates per level: Lit cannot bind a tag name, and these stay tiny.
const headingTemplates = [
  (t: string) => html`<h2>${t}</h2>`,
  (t: string) => html`<h3>${t}</h3>`,
  (t: string) => html`<h4>${t}</h4>`,
  (t: string) => html`<h5>${t}</h5>`,
  (t: string) => html`<h6>${t}</h6>`,
];

/** Formats an ISO date in the article's language; a date without time is shown as that calendar day. */
export function formatDate(iso: string, lang?: string): string {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(iso);
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  try {
    return new Intl.DateTimeFormat(lang, { dateStyle: 'long', ...(dateOnly ? { timeZone: 'UTC' } : {}) }).format(date);
  } catch {
    return new Intl.DateTimeFormat(undefined, { dateStyle: 'long' }).format(date);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'article-view': ArticleView;
  }
}
