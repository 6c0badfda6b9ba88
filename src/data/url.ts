/**
 * URL safety and resolution, in one place for the elements, the format adapters, the sanitizer and
 * the server. No imports: this module is part of the first-load bundle, so keep it small.
 */

/** What URL parsers ignore: ASCII tabs and newlines anywhere, controls and spaces at either end. */
export const cleanUrl = (value: string): string =>
  value.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');

/**
 * True for a relative reference or a URL whose scheme is one of `schemes` (lowercase), read as a
 * browser reads it: `jav\tascript:` is `javascript:`.
 */
export function isSafeUrl(value: string, schemes: readonly string[]): boolean {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(cleanUrl(value));
  return !scheme || schemes.includes(scheme[1].toLowerCase());
}

/** True for http(s), mailto: and tel: URLs and relative references; false for any other scheme. */
export function isSafeHref(value: string): boolean {
  return isSafeUrl(value, ['http', 'https', 'mailto', 'tel']);
}

/** An absolute http(s) URL with a host (`https://example.com/…`): no other scheme, nothing relative. */
export const isHttpUrl = (value: string | null | undefined): value is string => !!value && /^https?:\/\/[^\s/?#]/i.test(value);

/**
 * A link the article model accepts (see `isSafeHref`), resolved against `base` when given, else undefined.
 * Numbers count (ids often are); tabs, newlines and controls are removed first, as URL parsers do,
 * so `java&#9;script:` cannot pass as a relative link.
 */
export function safeUrl(value: unknown, base?: string): string | undefined {
  const raw = typeof value === 'string' || (typeof value === 'number' && isFinite(value)) ? cleanUrl(String(value).trim()) : '';
  if (!raw || !isSafeHref(raw)) return undefined;
  if (!base) return raw;
  try {
    const resolved = new URL(raw, base).href;
    return isSafeHref(resolved) ? resolved : undefined;
  } catch {
    return raw;
  }
}

const NOWHERE = 'http://relative.invalid';

/**
 * `ref` resolved against `base`. When neither is absolute (a server that does not know the page's
 * URL), the result stays relative to the site: `resolveUrl('replies', '/api/articles/a')` is
 * `/api/articles/replies`. Something that is not a URL comes back as it is.
 */
export function resolveUrl(ref: string, base?: string): string {
  try {
    const url = new URL(ref, new URL(base ?? '', `${NOWHERE}/`));
    return url.origin === NOWHERE ? url.pathname + url.search + url.hash : url.href;
  } catch {
    return ref;
  }
}

/**
 * Where a replies endpoint points. An article names it relative to the article's own URL (`src`),
 * which is relative to the page (`page`: by default the document's base URL; none on a server).
 */
export const resolveEndpoint = (endpoint: string, src?: string, page: string | undefined = globalThis.document?.baseURI): string =>
  resolveUrl(endpoint, resolveUrl(src ?? '', page));
