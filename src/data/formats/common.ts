/** Helpers the format adapters share: reading untyped JSON, links, people, tags, language, body blocks. */
import type { Article, Author, Block, Link, Tag } from '../article.js';
import { cleanUrl, isHttpUrl, isSafeHref } from '../url.js';
import { collapse, decodeEntities } from './text.js';

/** Options every adapter receives (see `adaptArticle`). */
export interface AdapterOptions {
  /** Which entry of a collection or feed to read: its id, slug or URL. Default: the first. */
  item?: string;
  /** Where the document was fetched from: relative links in it are resolved against this. */
  url?: string;
}

/** Thrown by an adapter when the document is not (or not a usable) one of its format; the message says why. */
export class FormatMismatch extends Error {}

export type Json = Record<string, unknown>;

export const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A non-empty trimmed string (numbers too: ids are often numeric), else undefined. */
export function str(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  return value.trim() || undefined;
}

/** Plain-text fields (titles, names) often arrive entity-escaped (`AT&amp;T`, `&#8217;`). */
export const plain = (value: unknown): string | undefined => {
  const text = str(value);
  return text === undefined ? undefined : collapse(decodeEntities(text)) || undefined;
};

/** JSON-LD and AS2 allow one value or an array of them. */
export const list = (value: unknown): unknown[] => (value === undefined || value === null ? [] : Array.isArray(value) ? value : [value]);

/**
 * A link the article model accepts (see `isSafeHref`) out of untyped JSON (a string, or a number),
 * cleaned as URL parsers do (so `java&#9;script:` cannot pass as a relative link) and resolved
 * against `base` when given and absolute; else undefined.
 */
export function safeUrl(value: unknown, base?: string): string | undefined {
  const text = str(value);
  const raw = text && cleanUrl(text);
  if (!raw || !isSafeHref(raw)) return undefined;
  try {
    const resolved = base ? new URL(raw, base).href : raw;
    return isSafeHref(resolved) ? resolved : undefined;
  } catch {
    return raw;
  }
}

/** A readable name for a person known only by a URL: `https://social.example/@sally` → `@sally@social.example`. */
export function nameFromUrl(url: string): string | undefined {
  try {
    const { host, pathname } = new URL(url);
    const user = /^\/(?:@|users\/|u\/|author\/)([^/]+)\/?$/.exec(pathname);
    if (user) return `@${decodeURIComponent(user[1])}@${host}`;
    return (host + pathname).replace(/\/+$/, '') || undefined;
  } catch {
    return undefined;
  }
}

/** Authors without duplicates (feeds repeat the same person at feed and item level). */
export function uniqueAuthors(authors: (Author | undefined)[]): Author[] | undefined {
  const out: Author[] = [];
  for (const author of authors) if (author && !out.some((a) => a.name === author.name)) out.push(author);
  return out.length ? out : undefined;
}

/** Tags without duplicates, compared case-insensitively; a leading `#` (hashtags) is dropped. */
export function uniqueTags(tags: { name?: unknown; url?: unknown }[], base?: string): Tag[] | undefined {
  const seen = new Set<string>();
  const out: Tag[] = [];
  for (const tag of tags) {
    const name = plain(tag.name)?.replace(/^#/, '');
    if (!name || seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    const url = safeUrl(tag.url, base);
    out.push(url ? { name, url } : { name });
  }
  return out.length ? out : undefined;
}

export function person(name: unknown, url: unknown, base?: string): Author | undefined {
  const href = safeUrl(url, base);
  const label = plain(name) ?? (isHttpUrl(href) ? nameFromUrl(href) : undefined);
  if (!label) return undefined;
  return href ? { name: label, url: href } : { name: label };
}

export function breadcrumb(name: unknown, url: unknown, base?: string): Link | undefined {
  const label = plain(name);
  if (!label) return undefined;
  const href = safeUrl(url, base);
  return href ? { label, url: href } : { label };
}

const RTL_SCRIPTS = new Set(['arab', 'hebr', 'thaa', 'syrc', 'nkoo', 'adlm', 'rohg', 'mand', 'samr']);
const RTL_LANGUAGES = new Set(['ar', 'he', 'iw', 'fa', 'ur', 'ps', 'sd', 'ug', 'yi', 'dv', 'ckb', 'syr', 'arc', 'nqo']);

/**
 * `lang` and `dir` from a language tag (`en_US` is read as `en-US`). `dir` follows the script
 * subtag when there is one (`az-Arab` is RTL, `ar-Latn` is not), else the language.
 * A known language always sets `dir`, so an English article embedded in an RTL page stays LTR.
 */
export function language(value: unknown): Pick<Article, 'lang' | 'dir'> {
  const lang = str(value)?.replace(/_/g, '-');
  if (!lang || !/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/.test(lang)) return {};
  const [primary, ...rest] = lang.toLowerCase().split('-');
  const script = rest.find((part) => /^[a-z]{4}$/.test(part));
  const rtl = script ? RTL_SCRIPTS.has(script) : RTL_LANGUAGES.has(primary);
  return { lang, dir: rtl ? 'rtl' : 'ltr' };
}

/** An HTML body as one `html` block (sanitized by the renderer), or no block when empty. */
export const htmlBody = (html: unknown): Block[] => (typeof html === 'string' && html.trim() ? [{ type: 'html', html }] : []);

/** Plain text as paragraphs, split on blank lines. */
export const textBody = (text: unknown): Block[] =>
  typeof text === 'string'
    ? text
        .split(/\r?\n[ \t]*\r?\n\s*/)
        .map((p) => p.trim())
        .filter(Boolean)
        .map((p) => ({ type: 'paragraph', text: p }))
    : [];

/** A title for posts published without one (notes, status posts): the start of their text. */
export function titleFromText(text: string | undefined, max = 80): string | undefined {
  const line = text?.split('\n').map(collapse).find(Boolean);
  if (!line || line.length <= max) return line;
  const cut = line.slice(0, max);
  return `${cut.slice(0, cut.lastIndexOf(' ') > max / 2 ? cut.lastIndexOf(' ') : max).trimEnd()}…`;
}

/**
 * Picks one entry of a collection: the one whose id, slug or URL equals `item`, else the first.
 * An `item` that matches nothing is an error rather than a silent fallback to another post.
 */
export function pickItem(items: unknown[], item: string | undefined, keys: (entry: Json) => unknown[], what: string): Json {
  const entries = items.filter(isRecord);
  if (!entries.length) throw new FormatMismatch(`the ${what} list is empty`);
  if (item === undefined) return entries[0];
  const found = entries.find((entry) => keys(entry).some((key) => str(key) === item));
  if (!found) throw new FormatMismatch(`no ${what} with id or url "${item}"`);
  return found;
}

/** Builds an article, leaving out fields that are undefined or empty lists. */
export function article(fields: Article): Article {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || (Array.isArray(value) && value.length === 0 && key !== 'body')) continue;
    out[key] = value;
  }
  return out as Article;
}
