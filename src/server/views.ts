/** What the API shows of a stored reply. */
import type { Reply } from '../data/reply.js';
import type { StoredReply } from './store.js';

/** What anyone may see of a reply. Built field by field so email and IP hash can never leak. */
export function publicReply(r: StoredReply): Reply {
  return { id: r.id, parent: r.parent, name: r.name, website: r.website, comment: r.comment, published: r.published };
}

export function adminReply(r: StoredReply) {
  return { ...publicReply(r), article: r.article, email: r.email, status: r.status };
}
