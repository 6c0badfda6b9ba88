/** Ghost Content API posts (`/ghost/api/content/posts/?include=tags,authors`): `{ posts: […] }` or one post. */
import type { Article } from '../article.js';
import { parseDate } from './dates.js';
import {
  article,
  FormatMismatch,
  htmlBody,
  isRecord,
  list,
  person,
  pickItem,
  plain,
  safeUrl,
  str,
  uniqueAuthors,
  uniqueTags,
  type AdapterOptions,
} from './common.js';

export function adaptGhost(doc: unknown, options: AdapterOptions = {}): Article {
  const wrapped = isRecord(doc) && Array.isArray(doc.posts);
  const post = wrapped ? pickItem(doc.posts as unknown[], options.item, (p) => [p.id, p.slug, p.uuid, p.url], 'post') : doc;
  if (!isRecord(post)) throw new FormatMismatch('not an object');
  // `html` is null for members-only posts, but the key is there; it is Ghost's mark next to `slug`.
  if (!wrapped && !('html' in post && 'slug' in post)) throw new FormatMismatch('no "posts" list and no "html" and "slug"');
  const title = plain(post.title);
  if (!title) throw new FormatMismatch('no "title"');
  const base = options.url;

  const authors = list(post.authors).length ? list(post.authors) : list(post.primary_author);
  // Tags named `#…` are Ghost's internal tags, for themes, not for readers.
  const tags = list(post.tags)
    .filter(isRecord)
    .filter((tag) => tag.visibility !== 'internal');

  return article({
    id: str(post.id) ?? str(post.slug) ?? title,
    url: safeUrl(post.canonical_url, base) ?? safeUrl(post.url, base),
    title,
    authors: uniqueAuthors(authors.filter(isRecord).map((a) => person(a.name, a.url, base))),
    published: parseDate(post.published_at),
    updated: parseDate(post.updated_at),
    body: htmlBody(post.html),
    tags: uniqueTags(tags, base),
  });
}
