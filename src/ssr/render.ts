/**
 * Server rendering (Node): an article, in any format the library reads, as `<article-view>` with its
 * shadow root printed as `<template shadowrootmode="open">`, so a page shows the whole article with
 * no script at all. The browser's module then hydrates it in place (nodes kept) once it has fetched
 * `src` in the background, which is how the data reaches the client without the page carrying the
 * article twice. Approved replies can be rendered into `<reply-list>` so they are in the indexed HTML;
 * `<reply-form>` is never server-rendered (its draft lives in the reader's browser): on a
 * server-rendered page it holds a short "Posting a reply needs JavaScript." note that its own shadow
 * root hides once scripts run.
 *
 *   import { renderArticle, renderArticlePage } from 'article-widgets/ssr';
 *   const html = await renderArticlePage(json, { src: '/articles/x.json', scriptUrl: '/dist/article-widgets.js' });
 *
 * The page must load the script-tag bundle (or import `@lit-labs/ssr-client/lit-element-hydrate-support.js`
 * before anything that loads lit, as `article-widgets/article-view/define` does).
 */
import { LitElementRenderer, render } from '@lit-labs/ssr';
import { collectResultSync } from '@lit-labs/ssr/lib/render-result.js';
import { html, nothing } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { ArticleView, type ArticleViewMessages } from '../components/article-view/article-view.js';
import type { ServerHtml } from '../components/article-view/sanitized-html.js';
import { ReplyList } from '../components/reply-list/reply-list.js';
import { TagList } from '../components/tag-list/tag-list.js';
import { define } from '../define-element.js';
import type { Article, Block } from '../data/article.js';
import type { FormatName } from '../data/formats/index.js';
import { toArticle } from '../data/load-article.js';
import type { Reply } from '../data/reply.js';
import { isHttpUrl, resolveEndpoint, resolveUrl } from '../data/url.js';
import { serverSanitizer } from './sanitize.js';

export interface RenderArticleOptions {
  /**
   * URL of the article's JSON, set as the element's `src`: the browser fetches it after the first
   * paint to hydrate. Without it the element stays the server's static HTML.
   */
  src?: string;
  /** The page's language, used for dates when the article names none. */
  lang?: string;
  /** Approved replies to render into `<reply-list>` (e.g. the first page from the store, oldest first, at most 50). */
  replies?: readonly Reply[];
  /** The URL the page is served at: relative links in HTML bodies resolve against `src` read from here. */
  pageUrl?: string;
  /** Read the input as this format only (default: detected by shape). */
  format?: FormatName;
  /** For a feed or collection: which item (default: the first). */
  item?: string;
  /** Strings the element writes (the same on the server as set in the browser, or they will differ after hydration). */
  messages?: Partial<ArticleViewMessages>;
}

export interface RenderPageOptions extends RenderArticleOptions {
  /** URL of the script-tag bundle (`dist/article-widgets.js`); without it the page has no script. */
  scriptUrl?: string;
  /** The document's `<title>` (default: the article's title). */
  title?: string;
  /** URL of a stylesheet for the host page. */
  stylesheet?: string;
}

// Registered on the server (lit's Node build provides `customElements` and a minimal HTMLElement).
// Not <reply-form>: it is never server-rendered. Not through the `/define` modules either: those load
// the browser's hydration support.
define('tag-list', TagList);
define('reply-list', ReplyList);
define('article-view', ArticleView);

/** Leaves `<reply-form>` (never server-rendered) and a `<reply-list>` with nothing to show (the browser fetches it) to the browser. */
const leftToBrowser = (element: HTMLElement) =>
  element.localName === 'reply-form' || (element instanceof ReplyList && element.replies.length === 0);

/**
 * Lit's element renderer, less the elements left to the browser. Passed to each render rather than
 * configured through `LitElementRenderer.renderOptions`, which would change every render in the process.
 */
class WidgetRenderer extends LitElementRenderer {
  override connectedCallback(): void {
    if (!leftToBrowser(this.element)) super.connectedCallback();
  }
  override renderShadow(renderInfo: Parameters<LitElementRenderer['renderShadow']>[0]) {
    return leftToBrowser(this.element) ? undefined : super.renderShadow(renderInfo);
  }
}

const hasHtml = (blocks: readonly Block[]) => blocks.some((b) => b.type === 'html');

/** What one render needs, prepared from its own input and options only (renders share nothing). */
interface Prepared {
  article: Article;
  /** How html blocks render: sanitized on the server, links resolved against the page. */
  serverHtml: ServerHtml | null;
}

/** Reads the input in any known format (validated, as in the browser) and prepares what rendering needs. */
async function prepare(input: unknown, options: RenderArticleOptions): Promise<Prepared> {
  let article = await toArticle(input, { url: options.src, format: options.format, item: options.item });
  let serverHtml: ServerHtml | null = null;
  if (hasHtml(article.body) || article.sections?.some((s) => hasHtml(s.blocks))) {
    const sanitize = await serverSanitizer();
    serverHtml = (source, baseUrl) => unsafeHTML(sanitize(source, baseUrl && resolveUrl(baseUrl, options.pageUrl ?? baseUrl)));
  }
  // A relative reply endpoint is relative to the article's JSON, as in the browser; the page may live elsewhere.
  const endpoint = article.comments?.endpoint;
  if (endpoint && options.src)
    article = { ...article, comments: { ...article.comments!, endpoint: resolveEndpoint(endpoint, options.src, options.pageUrl) } };
  return { article, serverHtml };
}

function renderPrepared({ article, serverHtml }: Prepared, options: RenderArticleOptions): string {
  const replies = options.replies ? [...options.replies] : null;
  const template = html`<article-view src=${options.src ?? nothing} lang=${options.lang ?? nothing} .messages=${options.messages ?? {}} .replies=${replies} .serverHtml=${serverHtml} .article=${article}></article-view>`;
  return stripRootMarkers(collectResultSync(render(template, { elementRenderers: [WidgetRenderer] })));
}

/**
 * The outer template's hydration markers (`<!--lit-part …-->`, `<!--lit-node 0-->`) belong to a
 * template the browser never hydrates (only the element's shadow root is): they are dropped.
 */
function stripRootMarkers(out: string): string {
  return out.replace(/^<!--lit-part [^>]*-->(?:<!--lit-node \d+-->)?/, '').replace(/<!--\/lit-part-->$/, '');
}

/**
 * `<article-view src=…>` with its declarative shadow root: the article as HTML, readable with no script.
 * `input` may be in any format the library reads; it is validated first (a `LoadError` says why not).
 */
export async function renderArticle(input: unknown, options: RenderArticleOptions = {}): Promise<string> {
  return renderPrepared(await prepare(input, options), options);
}

/**
 * A whole HTML document around `renderArticle`: the article readable with scripts off, the bundle
 * preloaded and loaded as a module (after parsing, so it never delays the first paint).
 */
export async function renderArticlePage(input: unknown, options: RenderPageOptions = {}): Promise<string> {
  const prepared = await prepare(input, options);
  const { article } = prepared;
  const body = renderPrepared(prepared, options);
  const lang = article.lang ?? options.lang ?? 'und';
  const canonical = isHttpUrl(article.url) ? article.url : undefined;
  const link = (rel: string, href: string | undefined) => (href ? `<link rel="${rel}" href="${escapeHtml(href)}">\n` : '');
  // Assembled as text: rendering the element's HTML through another template would render it again.
  return `<!doctype html>
<html lang="${escapeHtml(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title ?? article.title)}</title>
${link('canonical', canonical)}${link('modulepreload', options.scriptUrl)}${link('stylesheet', options.stylesheet)}<style>body{margin:0;padding:1rem;font-family:system-ui,sans-serif;line-height:1.6}</style>
</head>
<body>
<main>${body}</main>
${options.scriptUrl ? `<script type="module" src="${escapeHtml(options.scriptUrl)}"></script>\n` : ''}</body>
</html>
`;
}

/** Text and attribute values in the page's own markup. */
const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

export { ArticleView };
