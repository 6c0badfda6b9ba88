import { LitElement, html, isServer, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { LoadError } from '../../data/errors.js';
import { REPLIES_PAGE_SIZE } from '../../data/page-size.js';
import { loadReplies, type ReplyOrder } from '../../data/replies.js';
import type { Reply, ReplyPage, ReplyStatus } from '../../data/reply.js';
// Only absolute http(s) links become links: a commenter's website must never run script or
// point somewhere relative to the host page.
import { isHttpUrl as isWebLink } from '../../data/url.js';
import { LoadController } from '../load-controller.js';
import { asksToWait, waitMessage } from '../wait.js';
import { ReplyListErrorEvent } from '../../events/reply-list-error.js';
import { ReplySelectEvent } from '../../events/reply-select.js';
import { replyListStyles } from './reply-list.styles.js';
import { errorBoxStyles } from '../shared.styles.js';

/** What `<reply-list>` is doing; reflected as the `state` attribute for host-page styling. */
export type ReplyListState = 'empty' | 'loading' | 'loaded' | 'error';

/** Every string the element writes itself; set `messages` to localise. */
export interface ReplyListMessages {
  /** The heading for `n` > 0 replies. */
  count: (n: number) => string;
  /** The "Reply" button's accessible name; `{name}` is the author. */
  replyTo: string;
  reply: string;
  loadMore: string;
  loading: string;
  loadFailed: string;
  retry: string;
  /** After a failure that asks the reader to wait (429); `seconds` from `Retry-After`, when known. */
  wait: (seconds?: number) => string;
  /** Shown on a reply the reader just posted that waits for approval. */
  pending: string;
}

export const defaultReplyListMessages: ReplyListMessages = {
  count: (n) => (n === 1 ? '1 Reply' : `${n} Replies`),
  replyTo: 'Reply to {name}',
  reply: 'Reply',
  loadMore: 'Load more replies',
  loading: 'Loading replies…',
  loadFailed: 'The replies could not be loaded.',
  retry: 'Retry',
  wait: waitMessage,
  pending: 'Your comment is awaiting moderation.',
};

/** A reply as listed: `pending` marks one the reader just posted that is held for moderation. */
type Listed = Reply & { pending?: boolean };

const time = (iso: string) => Date.parse(iso) || 0;

/**
 * Groups replies under the reply they answer, at most `maxDepth` levels deep: an answer to a reply
 * at the deepest level joins that level, after its parent. Replies whose parent is not loaded
 * (a later page, or held for moderation) stand at the top level.
 */
export function threadReplies<T extends Reply>(replies: readonly T[], maxDepth: number): Map<string | null, T[]> {
  const byId = new Map(replies.map((r) => [r.id, r]));
  const placed = new Map<string, { under: string | null; level: number }>();
  const visiting = new Set<string>();
  const place = (r: T): { under: string | null; level: number } => {
    let spot = placed.get(r.id);
    if (spot) return spot;
    const parent = r.parent === null ? undefined : byId.get(r.parent);
    visiting.add(r.id);
    // A parent still being placed means a cycle (hostile data): break it here.
    if (!parent || visiting.has(parent.id)) spot = { under: null, level: 1 };
    else {
      const above = place(parent);
      spot = above.level < maxDepth ? { under: parent.id, level: above.level + 1 } : above;
    }
    visiting.delete(r.id);
    placed.set(r.id, spot);
    return spot;
  };
  const children = new Map<string | null, T[]>();
  for (const r of replies) {
    const { under } = place(r);
    const list = children.get(under);
    if (list) list.push(r);
    else children.set(under, [r]);
  }
  return children;
}

/**
 * The language of the closest `[lang]`, looking through shadow roots (e.g. `<article-view>`'s). On the
 * server there is no tree to look in: the element's own `lang` (which `<article-view>` sets) counts.
 */
function pageLang(el: Element): string | undefined {
  if (isServer) return el.getAttribute('lang') || undefined;
  for (let node: Element | undefined = el; node; node = (node.getRootNode() as ShadowRoot).host) {
    const lang = node.closest('[lang]')?.getAttribute('lang');
    if (lang) return lang;
  }
  return undefined;
}

/**
 * An article's approved replies, threaded, from any server that speaks the replies contract
 * (or from the `replies` property). Text is always rendered as text, never as HTML.
 *
 * @tagname reply-list
 * @summary The conversation under an article.
 *
 * @csspart base - The section around everything.
 * @csspart count - The "3 Replies" heading (absent when there are none).
 * @csspart list - The top-level list.
 * @csspart children - A nested list of answers.
 * @csspart reply - Each reply's `<li>`.
 * @csspart reply-body - The `<article>` inside it.
 * @csspart meta - Author and date.
 * @csspart author - The author's name (a link when they gave an http(s) website).
 * @csspart date - The `<time>`.
 * @csspart comment - The comment text.
 * @csspart pending - The "awaiting moderation" note on a reply just posted.
 * @csspart reply-button - Each "Reply" button.
 * @csspart load-more - The "Load more replies" button.
 * @csspart status - The loading message.
 * @csspart error - The error box.
 * @csspart retry - Its Retry button.
 *
 * @cssprop [--reply-list-accent] - Links, focus rings and buttons (defaults to `--article-view-accent`).
 * @cssprop [--reply-list-indent=1.25rem] - Indent of each nested level.
 * @cssprop [--reply-list-spacing=1rem] - Space between replies (defaults to `--article-view-spacing`).
 * @cssprop [--reply-list-radius=6px] - Corner radius of buttons and boxes (defaults to `--article-view-radius`).
 *
 * @fires {ReplySelectEvent} reply-select - "Reply" was chosen on a reply; `detail: { id, name }`.
 * @fires {ReplyListErrorEvent} reply-list-error - Loading failed; `detail: { error, endpoint }`, `error.kind` says why.
 */
export class ReplyList extends LitElement {
  static override styles = [errorBoxStyles, replyListStyles];

  /** Replies endpoint (`…/api/articles/ID/replies`). Changing it loads the new one. */
  @property() endpoint: string | null = null;

  /** `oldest` (default) or `newest` first; answers within a thread always read oldest first. */
  @property({ reflect: true }) order: ReplyOrder = 'oldest';

  /** Replies per page ("Load more" fetches the next). */
  @property({ type: Number, attribute: 'page-size' }) pageSize = REPLIES_PAGE_SIZE;

  /** Deepest nesting shown; deeper answers join the deepest level. */
  @property({ type: Number, attribute: 'max-depth' }) maxDepth = 3;

  /** Milliseconds before a load fails as a timeout. */
  @property({ type: Number }) timeout = 15_000;

  /** Strings the element writes; a partial object overrides the English defaults. */
  @property({ attribute: false }) messages: Partial<ReplyListMessages> = {};

  /** What the element is doing. Read-only; reflected. */
  @property({ reflect: true, attribute: 'state' }) readonly state: ReplyListState = 'empty';

  /** The last load error, or `null`. */
  @state() error: LoadError | null = null;

  #replies = new Map<string, Listed>();
  #total = 0;
  #next: string | null = null;
  #fromProperty = false;
  /** Loads one page: the first (`cursor` null, replacing what is shown) or the one after `cursor`. */
  #loader = new LoadController<[endpoint: string, cursor: string | null], ReplyPage>(this, {
    task: ([endpoint, cursor], { signal }) =>
      loadReplies(endpoint, { limit: this.pageSize, cursor, order: this.order, signal, timeout: this.timeout }),
    onPending: () => {
      this.#setState('loading');
      this.error = null;
    },
    onComplete: (page, [, cursor]) => this.#show(page, cursor),
    onError: (error, [endpoint]) => {
      this.error = error;
      this.#setState('error');
      this.dispatchEvent(new ReplyListErrorEvent({ error, endpoint }));
    },
  });

  /**
   * The replies shown. Setting it renders those replies without fetching (server-rendered pages
   * pass them this way); setting `endpoint` later, or `reload()`, fetches again.
   */
  @property({ attribute: false })
  get replies(): Reply[] {
    return [...this.#replies.values()].map(({ pending: _, ...reply }) => reply);
  }
  set replies(value: readonly Reply[]) {
    const old = this.replies;
    this.#loader.abort();
    this.#fromProperty = true;
    // Typed data from the page itself; only entries that can be rendered at all are kept.
    const usable = (value ?? []).filter((r) => r && typeof r.id === 'string' && typeof r.comment === 'string');
    this.#replies = new Map(usable.map((r) => [r.id, r]));
    this.#total = usable.length;
    this.#next = null;
    this.error = null;
    this.#setState(usable.length ? 'loaded' : 'empty');
    this.requestUpdate('replies', old);
  }

  /** Approved replies in the whole thread (the server's count), not only those loaded. */
  get total(): number {
    return this.#total;
  }

  /** Shows a reply without a reload (e.g. from `reply-success`). Held replies get an "awaiting moderation" note. */
  addReply(reply: Reply, status: ReplyStatus = 'published'): boolean {
    if (this.#replies.has(reply.id)) return false;
    this.#replies.set(reply.id, status === 'pending' ? { ...reply, pending: true } : reply);
    if (status === 'published') this.#total++;
    if (this.state === 'empty') this.#setState('loaded');
    this.requestUpdate();
    return true;
  }

  /** Fetches the first page again (Retry does this, or continues "Load more" when that failed). */
  reload(): void {
    this.#fromProperty = false;
    if (this.endpoint) this.#load(null);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // An endpoint set after the `replies` property means "fetch from here now".
    if (changed.has('endpoint') && changed.get('endpoint') !== undefined) this.#fromProperty = false;
    const refetch = changed.has('endpoint') || changed.has('order') || changed.has('pageSize');
    if (refetch && this.endpoint && this.isConnected && !this.#fromProperty) this.#load(null);
  }

  #setState(next: ReplyListState) {
    (this as { state: ReplyListState }).state = next;
  }

  #load(cursor: string | null) {
    if (this.endpoint) void this.#loader.run(this.endpoint, cursor);
  }

  async #show(page: ReplyPage, cursor: string | null) {
    const known = new Set(this.#replies.keys());
    if (!cursor) this.#replies.clear();
    for (const reply of page.replies) this.#replies.set(reply.id, reply);
    this.#total = page.total;
    this.#next = page.next;
    this.#setState(this.#replies.size ? 'loaded' : 'empty');
    await this.updateComplete;
    // "Load more" may vanish on the last page: focus moves to the first new reply, not to the page's top.
    const first = cursor ? page.replies.find((r) => !known.has(r.id)) : undefined;
    if (first) this.renderRoot.querySelector<HTMLElement>(`[data-id="${CSS.escape(first.id)}"]`)?.focus();
  }

  #select(reply: Reply) {
    this.dispatchEvent(new ReplySelectEvent({ id: reply.id, name: reply.name }));
  }

  get #messages(): ReplyListMessages {
    return { ...defaultReplyListMessages, ...this.messages };
  }

  protected override render() {
    const m = this.#messages;
    const busy = this.state === 'loading';
    const lang = pageLang(this);
    let format: Intl.DateTimeFormat;
    try {
      format = new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeStyle: 'short' });
    } catch {
      format = new Intl.DateTimeFormat(undefined, { dateStyle: 'long', timeStyle: 'short' }); // invalid lang tag
    }
    const children = threadReplies([...this.#replies.values()], Math.max(1, this.maxDepth));
    const sign = this.order === 'newest' ? -1 : 1;
    const top = (children.get(null) ?? []).sort((a, b) => sign * (time(a.published) - time(b.published)));
    for (const [under, list] of children) if (under !== null) list.sort((a, b) => time(a.published) - time(b.published));

    const renderReply = (r: Listed): unknown => {
      const answers = children.get(r.id);
      const date = time(r.published);
      return html`<li part="reply" class="reply">
        <article part="reply-body" data-id=${r.id} tabindex="-1">
          <header part="meta" class="meta">
            <span part="author" class="author"><bdi>${
              isWebLink(r.website) ? html`<a href=${r.website} rel="nofollow ugc noopener">${r.name}</a>` : r.name
            }</bdi></span>
            <time part="date" datetime=${r.published}>${date ? format.format(date) : r.published}</time>
          </header>
          ${r.pending ? html`<p part="pending" class="pending">${m.pending}</p>` : nothing}
          <div part="comment" class="comment" dir="auto">${r.comment}</div>
          <button type="button" part="reply-button" aria-label=${m.replyTo.replace('{name}', r.name)}
            @click=${() => this.#select(r)}>${m.reply}</button>
        </article>
        ${answers ? html`<ol part="children" class="children">${answers.map(renderReply)}</ol>` : nothing}
      </li>`;
    };

    return html`<section part="base" aria-labelledby=${this.#total ? 'count' : nothing} aria-busy=${busy ? 'true' : 'false'}>
      ${this.#total ? html`<h2 id="count" part="count">${m.count(this.#total)}</h2>` : nothing}
      ${top.length ? html`<ol part="list" class="list">${top.map(renderReply)}</ol>` : nothing}
      ${
        this.error
          ? html`<div part="error" class="error" role="alert">
            <p><strong>${m.loadFailed}</strong> ${this.error.message}${
              asksToWait(this.error) ? ` ${m.wait(this.error.details.retryAfter)}` : ''
            }</p>
            <button type="button" part="retry" @click=${() => this.#loader.rerun()}>${m.retry}</button>
          </div>`
          : nothing
      }
      ${
        this.#next && !this.error
          ? html`<button type="button" part="load-more" class="more" aria-disabled=${busy ? 'true' : 'false'}
            @click=${() => busy || this.#load(this.#next)}>${m.loadMore}</button>`
          : nothing
      }
      <p part="status" class="status" role="status">${busy ? m.loading : ''}</p>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'reply-list': ReplyList;
  }
}
