/** WordPress REST API v2 posts (`/wp-json/wp/v2/posts/ID`, `/wp-json/wp/v2/posts`), with or without `?_embed`. */
import type { Article } from '../article.js';
import { parseDate } from './dates.js';
import { breadcrumbsFrom } from './schemaorg.js';
import {
  article,
  FormatMismatch,
  htmlBody,
  isRecord,
  language,
  list,
  person,
  pickItem,
  plain,
  safeUrl,
  str,
  titleFromText,
  uniqueAuthors,
  uniqueTags,
  type AdapterOptions,
  type Json,
} from './common.js';
import { htmlToText } from './text.js';

/** `{ rendered: "…" }` fields: WordPress sends titles, content and excerpts as rendered HTML. */
const rendered = (post: Json, field: string): string | undefined => {
  const value = post[field];
  return isRecord(value) && typeof value.rendered === 'string' ? value.rendered : undefined;
};

export function adaptWordPress(doc: unknown, options: AdapterOptions = {}): Article {
  const post = Array.isArray(doc) ? pickItem(doc, options.item, (p) => [p.id, p.slug, p.link], 'post') : doc;
  if (!isRecord(post)) throw new FormatMismatch('not an object');
  const content = rendered(post, 'content');
  if (content === undefined) throw new FormatMismatch('no "content.rendered"');
  const titleHtml = rendered(post, 'title');
  if (titleHtml === undefined) throw new FormatMismatch('no "title.rendered"');

  const base = options.url;
  const embedded = isRecord(post._embedded) ? post._embedded : {};
  const yoast = isRecord(post.yoast_head_json) ? post.yoast_head_json : {};

  // Status and aside posts often have no title: fall back to the start of the excerpt or text.
  const title =
    htmlToText(titleHtml) ||
    titleFromText(htmlToText(rendered(post, 'excerpt') ?? '', { paragraphs: true })) ||
    titleFromText(htmlToText(content, { paragraphs: true })) ||
    plain(post.slug);
  if (!title) throw new FormatMismatch('empty "title.rendered" and no text to name the post by');

  // Without `_embed`, `author` is a user id; Yoast's head JSON may still carry the name.
  const embeddedAuthors = list(embedded.author)
    .filter(isRecord)
    .map((a) => person(a.name, a.link ?? a.url, base));
  // `wp:term` is one list per taxonomy; post formats and custom taxonomies are not tags.
  const terms = list(embedded['wp:term'])
    .flat()
    .filter(isRecord)
    .filter((term) => term.taxonomy === 'category' || term.taxonomy === 'post_tag')
    .map((term) => ({ name: term.name, url: term.link }));

  return article({
    id: str(post.id) ?? str(post.slug) ?? safeUrl(post.link) ?? title,
    url: safeUrl(post.link, base),
    title,
    breadcrumbs: breadcrumbsFrom(yoast.schema, base),
    authors: uniqueAuthors(embeddedAuthors.length ? embeddedAuthors : [person(yoast.author, undefined)]),
    // `date` is in the site's time zone without an offset; `date_gmt` is the same moment in UTC.
    published: parseDate(post.date_gmt) ?? parseDate(post.date),
    updated: parseDate(post.modified_gmt) ?? parseDate(post.modified),
    ...language(yoast.og_locale),
    body: htmlBody(content),
    tags: uniqueTags(terms, base),
  });
}
