/**
 * The browser's HTML policy (src/data/sanitize.ts) on the server: DOMPurify needs a DOM, and jsdom
 * is the one DOMPurify documents and tests for Node (lighter DOMs such as linkedom or happy-dom are
 * not supported by it, and a sanitizer is only as good as the parser under it). Loaded only when an
 * article has HTML blocks, so rendering native articles never starts jsdom.
 */
import { SANITIZE_CONFIG, createPurifier, withBase, type PurifierWindow } from '../data/sanitize.js';

/** Sanitizes `html` to a string of markup; relative links resolve against `baseUrl` when it is absolute. */
export type ServerSanitizer = (html: string, baseUrl?: string) => string;

let sanitizer: Promise<ServerSanitizer> | undefined;

const absoluteOrUndefined = (url: string | undefined) => {
  if (!url) return undefined;
  try {
    return new URL(url).href;
  } catch {
    return undefined; // relative: links stay relative and the reader's browser resolves them
  }
};

/** The server sanitizer, created once per process. */
export function serverSanitizer(): Promise<ServerSanitizer> {
  sanitizer ??= (async () => {
    const [{ JSDOM }, { default: createDOMPurify }] = await Promise.all([import('jsdom'), import('dompurify')]);
    const { window } = new JSDOM('<!doctype html><html><body></body></html>');
    const purify = createPurifier(createDOMPurify, window as unknown as PurifierWindow);
    return (html, baseUrl) =>
      withBase(absoluteOrUndefined(baseUrl), () => purify.sanitize(html, { ...SANITIZE_CONFIG, RETURN_TRUSTED_TYPE: false }) as string);
  })();
  return sanitizer;
}
