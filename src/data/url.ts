/**
 * URLs: the safety checks and the resolution that the elements, the format adapters, the sanitizer
 * and the server share. No imports, and small: this module is part of every element's first load
 * (which is also why `safeUrl`, which only the format adapters need, is built from these in
 * formats/common.ts rather than kept here).
 */

/** What URL parsers ignore: ASCII tabs and newlines anywhere, controls and spaces (U+0000–U+0020) at either end. */
export const cleanUrl = (value: string): string => value.replace(/[\t\n\r]/g, '').replace(/^[\0- ]+|[\0- ]+$/g, '');

/**
 * True for a relative reference or a URL whose scheme matches `schemes` (default: http, https,
 * mailto and tel), read as a browser reads it: `jav\tascript:` is `javascript:`.
 */
export function isSafeUrl(value: string, schemes = /^(https?|mailto|tel)$/i): boolean {
  const scheme = /^([a-z][a-z\d+.-]*):/i.exec(cleanUrl(value));
  return !scheme || schemes.test(scheme[1]);
}

/** True for http(s), mailto: and tel: URLs and relative references; false for any other scheme. */
export function isSafeHref(value: string): boolean {
  return isSafeUrl(value);
}

/** An absolute http(s) URL with a host (`https://example.com/…`): no other scheme, nothing relative. */
export const isHttpUrl = (value: string | null | undefined): value is string => !!value && /^https?:\/\/[^\s/?#]/i.test(value);

/**
 * `ref` resolved against `base`, itself resolved against `page` (by default the document's base
 * URL): an absolute URL, or `ref` as it is when nothing absolute is known (a server without the
 * page's URL) or it is no URL at all. What the browser code resolves with, endpoints included:
 * a relative replies endpoint is relative to the article's URL, `absoluteUrl(endpoint, src)`.
 */
export function absoluteUrl(ref: string, base?: string, page: string | undefined = globalThis.document?.baseURI): string {
  try {
    return new URL(ref, new URL(base ?? '', page)).href;
  } catch {
    return ref;
  }
}

const SITE = 'http://relative.invalid';

/**
 * `ref` resolved against `base`; where neither is absolute (a server that does not know the page's
 * URL), the result stays relative to the site: `resolveUrl('replies', '/api/articles/a')` is
 * `/api/articles/replies`. What is not a URL comes back as it is.
 */
export function resolveUrl(ref: string, base?: string): string {
  const url = absoluteUrl(ref, base, `${SITE}/`);
  return url.startsWith(`${SITE}/`) ? url.slice(SITE.length) : url;
}

/**
 * Where a replies endpoint points, for a server rendering an article: written relative to the
 * article's URL (`src`), which is relative to the page (`page`; by default the document's). Without
 * a page URL the result stays relative to the site. In a browser this equals `absoluteUrl`, which
 * the browser code calls, so that this stays out of its bundles.
 */
export const resolveEndpoint = (endpoint: string, src?: string, page: string | undefined = globalThis.document?.baseURI): string =>
  resolveUrl(endpoint, resolveUrl(src ?? '', page));
