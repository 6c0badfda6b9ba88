import { LitElement, html, isServer, noChange, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { Directive, directive } from 'lit/directive.js';
import type { Article, Block, Author } from '../../data/article.js';
import type { Reply } from '../../data/reply.js';
import { isSafeHref } from '../../data/url.js';
import type { LoadError } from '../../data/errors.js';
import { loadArticle, toArticle } from '../../data/load-article.js';
import type { FormatName } from '../../data/formats/index.js';
import { ArticleLoadEvent } from '../../events/article-load.js';
import { ArticleErrorEvent } from '../../events/article-error.js';
import { articleViewStyles } from './article-view.styles.js';
import { visuallyHiddenStyles, errorBoxStyles } from '../shared.styles.js';
import { sanitizedHtml, type ServerHtml } from './sanitized-html.js';
import { Hydration } from './hydration.js';
import { LoadController } from '../load-controller.js';
import { asksToWait, waitMessage } from '../wait.js';

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
  /** After a failure that asks the reader to wait (429); `seconds` from `Retry-After`, when known. */
  wait: (seconds?: number) => string;
  /** Inside the reply form's place on a server-rendered page, shown only while scripts do not run. */
  needsJavaScript: string;
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
  wait: waitMessage,
  needsJavaScript: 'Posting a reply needs JavaScript.',
};

/** What a load reads: the `src` document, an object the page set, or the element's own children (then `src`, if they hold no article). */
type Source = { kind: 'src'; src: string } | { kind: 'data'; data: unknown } | { kind: 'children'; src: string | null };
/** A load's result; `article` is null when the children held none and there is no `src`. */
type Loaded = { article: Article | null; src: string | null };

/** Binds a value only when there is one: unset, the element keeps its own (no `undefined` is written). */
class IfSet extends Directive {
  render(value: unknown) {
    return value ?? noChange;
  }
}
const ifSet = directive(IfSet);

/**
 * Fetches an article (or takes one as a property) and renders the whole piece: breadcrumb, title,
 * byline, body, contact, extra sections, tags, and the replies area.
 *
 * @tagname article-view
 * @summary An article, embedded.
 *
 * Three ways to put it on a page: `src` (fetched on upgrade); server-rendered with its shadow root as
 * `<template shadowrootmode="open">` (src/ssr/render.ts), which it hydrates, keeping the server's
 * nodes, once `src` has been fetched in the background; or the article's own HTML as children
 * (`<h1>`, `<p>`s, …), which it adopts instead of fetching.
 *
 * @slot - Shown before any article is set (e.g. a link to the article). Children with an `<h1>` are
 *   read as the article itself instead (light-DOM progressive enhancement).
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
  static override styles = [visuallyHiddenStyles, errorBoxStyles, articleViewStyles];

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

  /**
   * Approved replies for the built-in `<reply-list>`, which then shows them without fetching
   * (server rendering passes them so they are in the indexed HTML). Default: the list fetches them.
   */
  @property({ attribute: false }) replies: Reply[] | null = null;

  /**
   * How HTML blocks render during server rendering; the server renderer (`article-widgets/ssr`)
   * passes its sanitizer here. Unused in the browser.
   * @internal
   */
  @property({ attribute: false }) serverHtml: ServerHtml | null = null;

  #article: Article | null = null;
  #hydration = new Hydration(this);
  /** Loads an article from `src`, from an object the page set, or from the element's own children. */
  #loader = new LoadController<[source: Source], Loaded>(this, {
    task: ([source], { signal }) => this.#read(source, signal),
    onPending: ([source]) => {
      this.error = null;
      // Children being read stay on screen through the slot meanwhile: no skeleton.
      if (source.kind !== 'children') this.#setState('loading');
    },
    onComplete: (loaded) => this.#show(loaded),
    onError: (error, [source]) => {
      this.error = error;
      // A failed refresh keeps the last good article on screen, with the error above it.
      this.#setState('error');
      this.dispatchEvent(new ArticleErrorEvent({ error, src: 'src' in source ? source.src : null }));
    },
  });

  /** The article shown. Setting it renders that article without fetching (it is validated first). */
  @property({ attribute: false })
  get article(): Article | null {
    return this.#article;
  }
  set article(value: Article | null | unknown) {
    if (isServer) {
      // The server renderer validated it already (toArticle), and rendering there is synchronous.
      const old = this.#article;
      this.#article = (value as Article | null) ?? null;
      this.#setState(this.#article ? 'loaded' : 'empty');
      this.requestUpdate('article', old);
    } else if (this.#hydration.waiting && this.#hydration.src) {
      // The server's DOM must hydrate with the server's article (from `src`) first.
      this.#hydration.pending = { value };
    } else if (value === null) {
      this.#loader.abort();
      const old = this.#article;
      this.#article = null;
      this.error = null;
      this.#setState('empty');
      this.requestUpdate('article', old);
    } else {
      // Server-rendered without `src`, the page's article is the hydration data; the replies the
      // server rendered are not known here, so that list starts afresh.
      if (this.#hydration.waiting && !this.replies) this.#hydration.dropReplies(this.shadowRoot);
      // Read like a fetched document: a page's JavaScript is input too, and may be in any format.
      void this.#loader.run({ kind: 'data', data: value });
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

  /** Reading the article from the children (the reader loads on demand); `src` waits. */
  get #adopting(): boolean {
    return this.#loader.running && this.#loader.args?.[0].kind === 'children';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (isServer || this.hasUpdated || this.#article) return;
    if (this.#hydration.serverRendered) {
      // The server's DOM is on screen; fetch what it was rendered from (off the first paint), then
      // hydrate with identical values. Without `src` it stays as it is until the page sets
      // `article` (the same one).
      if (this.#hydration.start(this.src) && this.src) this.#load(this.src);
      return;
    }
    // Light-DOM progressive enhancement: the article's HTML is already on the page as children
    // (shown through the default slot meanwhile, so nothing flashes while the reader loads). The
    // elements are defined from a module script, which runs after the document is parsed, so the
    // children are there by now.
    // eslint-disable-next-line wc/no-child-traversal-in-connectedcallback
    const adopt = this.#loader.status === 'initial' && this.querySelector('h1');
    if (adopt) void this.#loader.run({ kind: 'children', src: this.src });
  }

  protected override shouldUpdate(changed: PropertyValues<this>): boolean {
    // Server-rendered and not hydrated yet: the first update must render what the server did.
    return !this.#hydration.waiting && super.shouldUpdate(changed);
  }

  protected override firstUpdated(): void {
    if (!this.#hydration.serverRendered || isServer) return;
    // What changed while hydrating applies now, like any later change.
    const next = this.#hydration.finish(this.shadowRoot, this.src);
    if (next && 'article' in next) this.article = next.article.value;
    else if (next) this.#load(next.src);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (isServer) return;
    const reload = changed.has('src') || changed.has('format') || changed.has('item');
    // An article hydrated, or being read from the children, is the one to show.
    const shown = !this.hasUpdated && changed.has('article') && this.#article;
    if (reload && this.src && this.isConnected && !shown && !this.#adopting) this.#load(this.src);
  }

  #setState(next: ArticleViewState) {
    (this as { state: ArticleViewState }).state = next;
  }

  #load(src: string) {
    void this.#loader.run({ kind: 'src', src });
  }

  /** What a source holds, as an article; `src` names the document it came from (for the load event). */
  async #read(source: Source, signal: AbortSignal): Promise<Loaded> {
    const options = { format: this.format ?? undefined, item: this.item ?? undefined };
    if (source.kind === 'data') return { article: await toArticle(source.data, options), src: null };
    if (source.kind === 'children') {
      const article = await import('../../data/from-dom.js').then(({ articleFromElement }) => articleFromElement(this)).catch(() => null);
      // Not readable (or the reader did not load): the children stay on screen, and `src` still works.
      if (article || !source.src) return { article, src: null };
      return this.#read({ kind: 'src', src: source.src }, signal);
    }
    const load = loadArticle(source.src, { ...options, timeout: this.timeout, maxBytes: this.maxBytes, signal });
    if (!this.#hydration.waiting) return { article: await load, src: source.src };
    const [article, replies] = await Promise.all([load, this.#hydration.replies(this.shadowRoot, { signal, timeout: this.timeout })]);
    if (replies) this.replies = replies;
    return { article, src: source.src };
  }

  async #show({ article, src }: Loaded) {
    if (!article) {
      this.#setState(this.#article ? 'loaded' : 'empty');
      return;
    }
    this.#hydration.waiting = false;
    const old = this.#article;
    this.#article = article;
    this.#setState('loaded');
    this.requestUpdate('article', old);
    await this.updateComplete;
    this.dispatchEvent(new ArticleLoadEvent({ article, src }));
  }

  /**
   * Loads the reply elements when an article takes replies and they are not registered yet.
   * Set by `article-view/define` (on-demand imports); the script-tag bundle registers them up front.
   */
  static loadReplyElements: (() => Promise<unknown>) | null = null;

  protected override updated(): void {
    if (this.#article?.comments?.open && !customElements.get('reply-form')) void ArticleView.loadReplyElements?.();
  }

  get #messages(): ArticleViewMessages {
    return { ...defaultMessages, ...this.messages };
  }

  protected override render() {
    const article = this.#article;
    const busy = this.state === 'loading';
    return html`${this.error ? this.#renderError(this.error) : nothing}${
      article ? this.#renderArticle(article, busy) : busy ? this.#renderSkeleton() : this.error ? nothing : html`<slot></slot>`
    }`;
  }

  #renderError(error: LoadError) {
    const m = this.#messages;
    return html`<div class="error" part="error" role="alert">
      <p><strong>${m.loadFailed}</strong> ${error.message}${asksToWait(error) ? ` ${m.wait(error.details.retryAfter)}` : ''}</p>
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
    // On the server the host's own `lang` (set by the renderer from the page's) stands for the page's.
    const lang = a.lang ?? ((isServer ? this.getAttribute('lang') : this.closest('[lang]')?.getAttribute('lang')) || undefined);
    return html`<article part="article" lang=${a.lang ?? nothing} dir=${a.dir ?? nothing} aria-busy=${busy ? 'true' : 'false'}>
      ${
        a.breadcrumbs?.length
          ? html`<nav part="breadcrumb" aria-label=${m.breadcrumb}>
            <ol>
              ${a.breadcrumbs.map((crumb, i, all) =>
                i === all.length - 1
                  ? html`<li><span aria-current="page">${crumb.label}</span></li>`
                  : html`<li>${crumb.url ? html`<a href=${crumb.url}>${crumb.label}</a>` : crumb.label}</li>`,
              )}
            </ol>
          </nav>`
          : nothing
      }
      <h1 part="title">${a.title}</h1>
      ${a.published || a.updated ? this.#renderDates(a, lang) : nothing}
      <div part="body" class="body">${a.body.map((block) => this.#renderBlock(block, a))}</div>
      ${
        a.authors?.length || a.contact
          ? html`<address part="byline">
            ${
              a.authors?.length
                ? html`<p><span class="label">${m.writtenBy}</span> ${a.authors.map(
                    (author, i) => html`${i ? ', ' : ''}${this.#renderAuthor(author)}`,
                  )}</p>`
                : nothing
            }
            ${
              a.contact
                ? html`<p part="contact"><span class="label">${m.contact}</span>
                  ${a.contact.url ? html`<a href=${a.contact.url}>${a.contact.url}</a>` : a.contact.label}</p>`
                : nothing
            }
          </address>`
          : nothing
      }
      ${a.sections?.map(
        (section, i) => html`<section part="section" aria-labelledby="section-${i}">
          <h2 id="section-${i}">${section.heading}</h2>
          ${section.blocks.map((block) => this.#renderBlock(block, a))}
        </section>`,
      )}
      <tag-list part="tags" .tags=${a.tags ?? []} label=${m.tagged}></tag-list>
      <div part="replies" class="replies">
        <slot name="replies">${this.#renderReplies(a, lang)}</slot>
      </div>
    </article>`;
  }

  #renderAuthor(author: Author) {
    // Names are isolated: one written right to left (or with a direction override) never reorders
    // the commas and the names after it.
    const name =
      author.url && isSafeHref(author.url)
        ? html`<a rel="author" href=${author.url}><bdi>${author.name}</bdi></a>`
        : html`<span><bdi>${author.name}</bdi></span>`;
    return html`${name}${author.description ? html`, <bdi>${author.description}</bdi>` : nothing}`;
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
        return html`<div class="html">${sanitizedHtml(block.html, article.url ?? this.src ?? undefined, this.serverHtml)}</div>`;
    }
  }

  #renderReplies(a: Article, lang: string | undefined) {
    if (!a.comments) return nothing;
    if (!a.comments.open) return html`<p class="closed">${this.#messages.commentsClosed}</p>`;
    const endpoint = a.comments.endpoint ?? nothing;
    // The form is never server-rendered (its draft lives in the reader's browser). On a server-rendered
    // page its light child tells a reader without JavaScript why there is no form; once the form
    // upgrades, its shadow root (which has no default slot) hides it.
    // The list's dates follow the article's (or the page's) language; passed on, so it need not look
    // outside its own element for it (and can, on the server, where there is no DOM to look in).
    return html`<reply-list endpoint=${endpoint} lang=${lang ?? nothing} .replies=${ifSet(this.replies)}></reply-list>
      <reply-form endpoint=${endpoint} article-id=${a.id}>${
        this.#hydration.serverRendered ? html`<p class="needs-js">${this.#messages.needsJavaScript}</p>` : nothing
      }</reply-form>`;
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
