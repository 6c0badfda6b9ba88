/**
 * schema.org JSON-LD (`<script type="application/ld+json">` bodies): a single node, an array of
 * nodes (pages with several scripts) or an `@graph` (Yoast and most SEO plugins).
 */
import type { Article, Link } from '../article.js';
import { parseDate } from './dates.js';
import {
  article,
  breadcrumb,
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
  uniqueAuthors,
  uniqueTags,
  type AdapterOptions,
  type Json,
} from './common.js';
import { slugify } from '../slug.js';
import { isHttpUrl } from '../url.js';

/** CreativeWork types that are articles, including the NewsArticle and SocialMediaPosting families. */
// prettier-ignore
const ARTICLE_TYPES = new Set([
  'Article', 'NewsArticle', 'AnalysisNewsArticle', 'AskPublicNewsArticle', 'BackgroundNewsArticle',
  'OpinionNewsArticle', 'ReportageNewsArticle', 'ReviewNewsArticle', 'SatiricalArticle', 'ScholarlyArticle',
  'MedicalScholarlyArticle', 'TechArticle', 'APIReference', 'Report', 'AdvertiserContentArticle',
  'BlogPosting', 'LiveBlogPosting', 'SocialMediaPosting', 'DiscussionForumPosting',
]);

/** `@type` as bare names: `NewsArticle`, `schema:NewsArticle` and `https://schema.org/NewsArticle` alike. */
const typesOf = (node: Json): string[] =>
  list(node['@type']).map((t) => str(t)?.replace(/^(?:https?:\/\/schema\.org\/|schema:)/, '') ?? '');

/** The first plain value of a property that JSON-LD lets be a value, a list or `{ "@value": … }`. */
function one(value: unknown): string | undefined {
  for (const entry of list(value)) {
    const found = str(isRecord(entry) ? (entry['@value'] ?? entry['@id']) : entry);
    if (found) return found;
  }
  return undefined;
}

/** All nodes of a document, with `@graph` flattened. */
function nodesOf(doc: unknown): Json[] {
  // Depth first, in document order, with a stack rather than recursion: a hostile document can
  // nest "@graph"s thousands deep.
  const nodes: Json[] = [];
  const stack = [...list(doc)].reverse();
  while (stack.length) {
    const node = stack.pop();
    if (!isRecord(node)) continue;
    nodes.push(node);
    const graph = node['@graph'];
    if (Array.isArray(graph)) for (let i = graph.length - 1; i >= 0; i--) stack.push(graph[i]);
  }
  return nodes;
}

/** Follows `{ "@id": … }` references to the node of that id in the same document. */
function resolver(nodes: Json[]): (value: unknown) => unknown {
  const byId = new Map<string, Json>();
  for (const node of nodes) if (str(node['@id']) && Object.keys(node).length > 1) byId.set(str(node['@id'])!, node);
  return (value) =>
    isRecord(value) && str(value['@id']) && byId.has(str(value['@id'])!) ? { ...byId.get(str(value['@id'])!), ...value } : value;
}

/** Breadcrumbs from the first `BreadcrumbList` in a JSON-LD document (also used for Yoast's WordPress schema). */
export function breadcrumbsFrom(doc: unknown, base?: string): Link[] | undefined {
  const nodes = nodesOf(doc);
  const resolve = resolver(nodes);
  const crumbs = nodes.find((node) => typesOf(node).includes('BreadcrumbList'));
  if (!crumbs) return undefined;
  const items = list(crumbs.itemListElement)
    .filter(isRecord)
    .sort((a, b) => Number(a.position ?? 0) - Number(b.position ?? 0))
    .map((entry) => {
      const target = resolve(entry.item);
      const name = entry.name ?? (isRecord(target) ? target.name : undefined);
      const url = typeof target === 'string' ? target : isRecord(target) ? (one(target.url) ?? one(target['@id'])) : undefined;
      return breadcrumb(one(name), url, base);
    })
    .filter((link): link is Link => !!link);
  return items.length ? items : undefined;
}

export function adaptSchemaOrg(doc: unknown, options: AdapterOptions = {}): Article {
  const nodes = nodesOf(doc);
  const candidates = nodes.filter((node) => typesOf(node).some((type) => ARTICLE_TYPES.has(type)));
  if (!candidates.length) throw new FormatMismatch('no "@type" Article, NewsArticle, BlogPosting or other article type');
  const node = pickItem(candidates, options.item, (n) => [n['@id'], one(n.url)], 'article');
  const resolve = resolver(nodes);
  const base = options.url;

  const title = plain(one(node.headline) ?? one(node.name) ?? one(node.alternativeHeadline));
  if (!title) throw new FormatMismatch('no "headline" or "name"');

  const authors = list(node.author).map((entry) => {
    const author = resolve(entry);
    if (typeof author === 'string') return isHttpUrl(author) ? person(undefined, author, base) : person(author, undefined);
    return isRecord(author) ? person(one(author.name), one(author.url) ?? one(author['@id']), base) : undefined;
  });

  const page = resolve(node.mainEntityOfPage);
  const url = safeUrl(one(node.url) ?? (isRecord(page) ? (one(page['@id']) ?? one(page.url)) : one(page)), base);

  // schema.org defines articleBody as text, but some sites put their HTML in it.
  const text = one(node.articleBody) ?? one(node.text);
  const body = text && /<\/?(?:p|div|br|h[1-6]|ul|ol|li|a|em|strong|figure|img)\b[^>]*>/i.test(text) ? htmlBody(text) : textBody(text);

  const keywords = list(node.keywords).flatMap((k) => (typeof k === 'string' ? k.split(',') : [one(k) ?? '']));
  const lang = resolve(node.inLanguage);

  return article({
    id: one(node['@id']) ?? url ?? slugify(title),
    url,
    title,
    breadcrumbs: breadcrumbsFrom(nodes, base),
    authors: uniqueAuthors(authors),
    published: parseDate(one(node.datePublished)),
    updated: parseDate(one(node.dateModified)),
    ...language(isRecord(lang) ? (one(lang.alternateName) ?? one(lang.name)) : one(lang)),
    body,
    tags: uniqueTags([...list(node.articleSection), ...keywords].map((name) => ({ name: one(name) }))),
  });
}
