/** ActivityStreams 2.0 `Article`, `Note` and `Page` objects (the fediverse), bare or wrapped in a `Create`. */
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
  titleFromText,
  uniqueAuthors,
  uniqueTags,
  type AdapterOptions,
  type Json,
} from './common.js';
import { slugify } from '../slug.js';
import { htmlToText } from './text.js';

const OBJECT_TYPES = ['Article', 'Note', 'Page'];
const ACTIVITY_TYPES = ['Create', 'Update', 'Announce'];
const types = (node: Json) => list(node.type).map(str);

/** The object an activity carries, else the node itself. */
const unwrap = (node: unknown): unknown =>
  isRecord(node) && types(node).some((t) => ACTIVITY_TYPES.includes(t ?? '')) && isRecord(node.object) ? node.object : node;

/** `content` or `contentMap` (language → value): the value and, when it comes from the map, its language. */
function localized(node: Json, field: string): { value?: string; lang?: string } {
  const map = isRecord(node[`${field}Map`]) ? (node[`${field}Map`] as Json) : {};
  const direct = str(node[field]);
  const entries = Object.entries(map).filter(([, v]) => typeof v === 'string');
  const match = entries.find(([, v]) => v === direct) ?? (direct === undefined ? entries[0] : undefined);
  return { value: direct ?? (match?.[1] as string | undefined), lang: match?.[0] };
}

/** `url` may be a string, a `Link` or a list of them; the HTML page is the one to link to. */
function pageUrl(value: unknown, base?: string): string | undefined {
  const links = list(value).map((v) => (isRecord(v) ? { href: v.href, type: v.mediaType } : { href: v, type: undefined }));
  const page = links.find((l) => l.type === 'text/html') ?? links[0];
  return safeUrl(page?.href, base);
}

export function adaptActivityStreams(doc: unknown, options: AdapterOptions = {}): Article {
  // An outbox or collection page: pick the item like other collections do.
  const items = isRecord(doc) ? (doc.orderedItems ?? doc.items) : undefined;
  const node = unwrap(
    Array.isArray(items) ? pickItem(items.map(unwrap), options.item, (entry) => [entry.id, pageUrl(entry.url)], 'item') : doc,
  );
  if (!isRecord(node) || !types(node).some((t) => OBJECT_TYPES.includes(t ?? ''))) {
    throw new FormatMismatch('no "type" Article, Note or Page');
  }
  const base = options.url;
  const content = localized(node, 'content');
  const name = localized(node, 'name');
  const title = plain(name.value) ?? titleFromText(htmlToText(content.value ?? '', { paragraphs: true })) ?? plain(node.summary);
  if (!title) throw new FormatMismatch('no "name" and no "content"');

  const authors = list(node.attributedTo).map((actor) => {
    if (typeof actor === 'string') return person(undefined, actor, base);
    if (!isRecord(actor)) return undefined;
    return person(actor.name ?? actor.preferredUsername, pageUrl(actor.url) ?? actor.href ?? actor.id, base);
  });
  // Mentions and custom emoji are also `tag` entries, but they are not topics.
  const tags = list(node.tag)
    .filter(isRecord)
    .filter((tag) => !types(tag).some((t) => t === 'Mention' || t === 'Emoji'))
    .map((tag) => ({ name: tag.name, url: tag.href ?? pageUrl(tag.url) ?? tag.id }));
  // The context (`{ "@language": "en" }`) sits on the outermost object, often the activity.
  const contextLanguage = [node, doc]
    .filter(isRecord)
    .flatMap((n) => list(n['@context']))
    .filter(isRecord)
    .map((c) => c['@language'])
    .find(Boolean);

  const url = pageUrl(node.url, base) ?? safeUrl(node.id, base);
  return article({
    id: str(node.id) ?? url ?? slugify(title),
    url,
    title,
    authors: uniqueAuthors(authors),
    published: parseDate(node.published),
    updated: parseDate(node.updated),
    ...language(content.lang ?? name.lang ?? contextLanguage),
    body: htmlBody(content.value),
    tags: uniqueTags(tags, base),
  });
}
