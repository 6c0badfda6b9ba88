import { isServer } from 'lit';
import type { Reply } from '../../data/reply.js';
import { replaceServerRenderedList } from '../reply-list/replace-server-rendered.js';

/**
 * `<article-view>` taking over what the server rendered (a declarative shadow root printed by
 * `src/ssr/render.ts`): the server's DOM stays on screen, untouched, until the data it was rendered
 * from has been fetched again, and the element then hydrates with identical values (nodes kept).
 */
export class Hydration {
  /** Rendered on the server: true on the server, and in the browser for an element that arrived with a declarative shadow root. */
  readonly serverRendered: boolean;
  /** Waiting for the data to hydrate with: until then the server's DOM stays as it is. */
  waiting = false;
  /** `src` as it was when hydration started (a change in the meantime loads once hydrated). */
  src: string | null = null;
  /** An `article` set before hydration finished; applied right after it. */
  pending: { value: unknown } | null = null;
  /** The server showed some of the replies and has more: the list reloads to page them. */
  #moreReplies = false;

  constructor(host: HTMLElement) {
    this.serverRendered = isServer || !!host.shadowRoot;
  }

  /** Starts waiting for the hydration data, once; the server's `src` is what to fetch (null: the page sets `article`). */
  start(src: string | null): boolean {
    if (this.waiting) return false;
    this.waiting = true;
    this.src = src;
    return true;
  }

  /**
   * The replies the server rendered into the built-in `<reply-list>`, fetched again in parallel with
   * the article so the list hydrates with the same values; `null` when it loads its own.
   */
  async replies(root: ShadowRoot | null, options: { signal: AbortSignal; timeout: number }): Promise<Reply[] | null> {
    const list = root?.querySelector('reply-list');
    if (!list) return null;
    // Only server-rendered pages with replies need this: loaded on demand, with the replies client.
    const { serverRenderedReplies } = await import('../reply-list/server-rendered.js');
    const found = await serverRenderedReplies(list, options);
    this.#moreReplies = !!found?.more;
    return found?.replies ?? null;
  }

  /** Server-rendered without `src`, and the page sets another article: the server's list starts afresh. */
  dropReplies(root: ShadowRoot | null): void {
    const list = root?.querySelector('reply-list');
    if (list) replaceServerRenderedList(list);
  }

  /**
   * Called once the element has rendered over the server's DOM. Returns what the element must do
   * next: apply an `article` set meanwhile, or load a `src` changed meantime.
   */
  finish(root: ShadowRoot | null, currentSrc: string | null): { article: { value: unknown } } | { src: string } | null {
    if (this.#moreReplies) root?.querySelector('reply-list')?.reload();
    const from = this.src;
    const pending = this.pending;
    this.src = null;
    this.pending = null;
    if (pending) return { article: pending };
    if (currentSrc && currentSrc !== from) return { src: currentSrc };
    return null;
  }
}
