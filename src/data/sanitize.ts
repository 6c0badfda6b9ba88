/**
 * Sanitizes the HTML that published formats carry (WordPress, JSON Feed, Ghost, ActivityStreams)
 * before it is rendered. DOMPurify is imported on first use, so articles without HTML never load it.
 * In the browser it parses with the page's DOM; the server renderer runs the same policy
 * (`createPurifier`) on a jsdom window (src/ssr/sanitize.ts).
 */
import type { Config, DOMPurify } from 'dompurify';
import { cleanUrl as clean, isHttpUrl, isSafeUrl } from './url.js';

export interface SanitizeOptions {
  /** Where the article comes from: relative links and images resolve against it, and links to other origins count as external. Default: the page. */
  baseUrl?: string;
}

/** Text structure, links, images, figures, tables and code; nothing interactive, no embedded documents, no SVG or MathML. */
// prettier-ignore
const ALLOWED_TAGS = [
  'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'q', 'cite', 'ul', 'ol', 'li', 'dl', 'dt', 'dd',
  'a', 'img', 'picture', 'figure', 'figcaption', 'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td',
  'colgroup', 'col', 'pre', 'code', 'kbd', 'samp', 'var', 'em', 'strong', 'b', 'i', 'u', 's', 'del', 'ins', 'mark',
  'small', 'sub', 'sup', 'abbr', 'dfn', 'time', 'span', 'div', 'section', 'article', 'aside', 'details', 'summary',
  'address', 'bdi', 'bdo', 'wbr',
];
// prettier-ignore
const ALLOWED_ATTR = [
  'href', 'target', 'title', 'src', 'srcset', 'sizes', 'alt', 'width', 'height', 'cite', 'datetime', 'lang', 'dir',
  'id', 'colspan', 'rowspan', 'scope', 'headers', 'abbr', 'start', 'reversed', 'type', 'value', 'open', 'span',
];
/** Already excluded by ALLOWED_TAGS; listed so that widening that list can never let these in. */
// prettier-ignore
const FORBID_TAGS = [
  'script', 'style', 'link', 'meta', 'base', 'template', 'noscript', 'form', 'input', 'button', 'textarea', 'select',
  'option', 'iframe', 'frame', 'frameset', 'object', 'embed', 'svg', 'math', 'audio', 'video', 'source',
];

export const SANITIZE_CONFIG: Config = {
  ALLOWED_TAGS,
  ALLOWED_ATTR,
  FORBID_TAGS,
  FORBID_ATTR: ['style'],
  ALLOW_DATA_ATTR: false,
  // http(s), mailto and relative references only (DOMPurify's default also lets tel:, sms:, ftp: … through).
  ALLOWED_URI_REGEXP: /^(?:(?:https?|mailto):|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i,
};

let purifier: DOMPurify | undefined;
/** Set for the duration of one synchronous `sanitize` call; the hooks read it. */
let base = '';

/** Resolves a relative reference against the article's base; fragment-only links stay in-page. */
function absolute(url: string): string {
  if (url.startsWith('#')) return url;
  try {
    return base ? new URL(clean(url), base).href : new URL(clean(url)).href;
  } catch {
    return clean(url); // relative with no base to resolve against: the page resolves it
  }
}

const originOf = (url: string) => {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
};

/** What a purifier needs of a window: the page's, or a jsdom one on the server. */
export type PurifierWindow = Parameters<DOMPurify>[0];

/**
 * A DOMPurify instance of our own on `win` with this policy's hooks (so they never affect other
 * users of DOMPurify on the page). Run it through `withBase`, which the hooks read.
 */
export function createPurifier(createDOMPurify: DOMPurify, win: PurifierWindow): DOMPurify {
  const purify = createDOMPurify(win);
  if (!purify.isSupported) throw new Error('This browser cannot sanitize HTML.');
  // Nodes of another window (jsdom on the server) are not `instanceof` this realm's Element.
  const isElement = (node: Node): node is Element => node.nodeType === 1;

  // An embedded player (YouTube, Vimeo, a map) becomes a plain link to it. It is inserted after the
  // iframe, so DOMPurify visits and checks it like any other link; the iframe itself is then removed.
  purify.addHook('uponSanitizeElement', (node, event) => {
    if (event.tagName !== 'iframe' || !isElement(node)) return;
    const raw = node.getAttribute('src');
    const src = raw && isSafeUrl(raw, /^https?$/i) ? absolute(raw) : '';
    if (!isHttpUrl(src)) return;
    const link = node.ownerDocument.createElement('a');
    link.setAttribute('href', src);
    link.textContent = src;
    node.after(link);
  });

  purify.addHook('afterSanitizeAttributes', (node) => {
    if (!isElement(node)) return;
    // DOMPurify lets `data:` through on images; this policy allows no `data:` anywhere.
    for (const name of ['href', 'src', 'cite']) {
      const value = node.getAttribute(name);
      if (value === null) continue;
      if (isSafeUrl(value, name === 'href' ? /^(https?|mailto)$/i : /^https?$/i)) node.setAttribute(name, absolute(value));
      else node.removeAttribute(name);
    }
    const srcset = node.getAttribute('srcset');
    if (srcset !== null) {
      const urls = srcset.split(',').map((candidate) => candidate.trim().split(/\s+/)[0]);
      if (!urls.every((url) => isSafeUrl(url, /^https?$/i))) node.removeAttribute('srcset');
    }
    if (node.localName === 'a') {
      const href = node.getAttribute('href');
      const target = node.getAttribute('target');
      if (target !== '_blank') node.removeAttribute('target');
      const external = isHttpUrl(href) && originOf(href) !== originOf(base);
      if (external) node.setAttribute('rel', 'noopener nofollow ugc');
      else if (target === '_blank') node.setAttribute('rel', 'noopener');
    }
    if (node.localName === 'img') {
      node.setAttribute('loading', 'lazy');
      node.setAttribute('decoding', 'async');
    }
  });
  return purify;
}

/**
 * Runs `sanitize` with relative links resolving against `baseUrl` (absolute). With no base
 * (server rendering without a page URL), relative links stay relative and every http(s) link
 * counts as external.
 */
export function withBase<T>(baseUrl: string | undefined, sanitize: () => T): T {
  base = baseUrl ?? '';
  try {
    return sanitize();
  } finally {
    base = '';
  }
}

/** Returns a sanitized copy of `html` as a fragment ready to be inserted into the page. */
export async function sanitizeHtml(html: string, options: SanitizeOptions = {}): Promise<DocumentFragment> {
  if (!purifier) {
    const { default: createDOMPurify } = await import('dompurify');
    purifier ??= createPurifier(createDOMPurify, window);
  }
  const purify = purifier;
  return withBase(new URL(options.baseUrl ?? document.baseURI, document.baseURI).href, () =>
    purify.sanitize(html, { ...SANITIZE_CONFIG, RETURN_DOM_FRAGMENT: true }),
  );
}
