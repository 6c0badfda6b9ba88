/**
 * Hydrating a `<reply-list>` that the server rendered (inside a server-rendered `<article-view>`):
 * the list must hydrate with exactly the replies it shows. The replies client loads on demand, so
 * pages that were not server-rendered never load it for this.
 */
import { REPLIES_PAGE_SIZE } from '../../data/page-size.js';
import type { Reply } from '../../data/reply.js';
import { replaceServerRenderedList } from './replace-server-rendered.js';

/** The replies to hydrate a server-rendered list with, and whether the server had more than it showed. */
export interface ServerRenderedReplies {
  replies: Reply[];
  more: boolean;
}

/**
 * Fetches again the replies the server rendered into `list`. `null` when the list was not
 * server-rendered (it then loads its own), and when the fetch fails or no longer matches what the
 * server showed (a reply approved since): the list is then replaced by a fresh one that loads its
 * own, so a mismatch never reaches hydration. Aborting `signal` rejects.
 */
export async function serverRenderedReplies(
  list: Element,
  options: { signal: AbortSignal; timeout?: number },
): Promise<ServerRenderedReplies | null> {
  const endpoint = list.getAttribute('endpoint');
  if (!list.shadowRoot || !endpoint) return null;
  try {
    const { loadReplies } = await import('../../data/replies.js');
    const page = await loadReplies(endpoint, { limit: REPLIES_PAGE_SIZE, ...options });
    const shown = [...list.shadowRoot.querySelectorAll('[data-id]')].map((el) => el.getAttribute('data-id')).sort();
    const fetched = page.replies.map((r) => r.id).sort();
    if (fetched.length && shown.join('\n') === fetched.join('\n')) return { replies: page.replies, more: typeof page.next === 'string' };
  } catch (error) {
    if (options.signal.aborted) throw error;
  }
  replaceServerRenderedList(list);
  return null;
}
