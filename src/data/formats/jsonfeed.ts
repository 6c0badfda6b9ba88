/** JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1): a whole feed, or a single item. */
import type { Article } from '../article.js';
import { parseDate } from './dates.js';
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
  textBody,
  titleFromText,
  uniqueAuthors,
  uniqueTags,
  type AdapterOptions,
  type Json,
} from './common.js';
import { slugify } from '../slug.js';
import { htmlToText } from './text.js';

const VERSION = /^https?:\/\/jsonfeed\.org\/version\/1(?:\.\d+)?\/?$/;

export function adaptJsonFeed(doc: unknown, options: AdapterOptions = {}): Article {
  if (!isRecord(doc)) throw new FormatMismatch('not an object');
  let feed: Json = {};
  let item: Json;
  if (doc.version !== undefined) {
    if (!VERSION.test(str(doc.version) ?? '')) throw new FormatMismatch(`unknown "version" ${JSON.stringify(doc.version)}`);
    if (!Array.isArray(doc.items)) throw new FormatMismatch('no "items" list');
    feed = doc;
    item = pickItem(doc.items, options.item, (entry) => [entry.id, entry.url], 'item');
  } else if (str(doc.id) && (typeof doc.content_html === 'string' || typeof doc.content_text === 'string')) {
    item = doc;
  } else {
    throw new FormatMismatch('no "version"');
  }
  const base = options.url ?? str(feed.feed_url);

  // 1.1 replaced `author` with `authors`; an item's authors replace the feed's.
  const people = (value: unknown) =>
    list(value)
      .filter(isRecord)
      .map((a) => person(a.name, a.url, base));
  const authors = [item.authors, item.author, feed.authors, feed.author].map(people).find((found) => found.some(Boolean));

  const html = typeof item.content_html === 'string' ? item.content_html : undefined;
  const text = typeof item.content_text === 'string' ? item.content_text : undefined;
  // Microblog items have no title; name them by their text, else by the feed.
  const title =
    plain(item.title) ??
    titleFromText(text ?? (html === undefined ? undefined : htmlToText(html, { paragraphs: true }))) ??
    plain(item.summary) ??
    plain(feed.title);
  if (!title) throw new FormatMismatch('the item has no "title" and no text');

  const url = safeUrl(item.url, base);
  return article({
    id: str(item.id) ?? url ?? slugify(title),
    url,
    title,
    authors: uniqueAuthors(authors ?? []),
    published: parseDate(item.date_published),
    updated: parseDate(item.date_modified),
    ...language(item.language ?? feed.language),
    body: html?.trim() ? htmlBody(html) : textBody(text),
    tags: uniqueTags(list(item.tags).map((name) => ({ name }))),
  });
}
