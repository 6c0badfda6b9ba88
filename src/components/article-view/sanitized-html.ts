import { isServer, noChange, nothing } from 'lit';
import { AsyncDirective, directive } from 'lit/async-directive.js';

/**
 * How html blocks render during server rendering: passed in by the server renderer (src/ssr/render.ts:
 * a jsdom-backed DOMPurify with the browser's policy, wrapped in `unsafeHTML`) through the element,
 * so the sanitizer's Node dependencies never reach the browser bundle.
 */
export type ServerHtml = (source: string, baseUrl?: string) => unknown;

/**
 * Renders untrusted HTML after it has been sanitized. The sanitizer is imported on first use,
 * so articles without HTML never load it. On a server-rendered page the server's sanitized markup
 * stays on screen until the browser's own sanitized copy replaces it.
 */
class SanitizedHtmlDirective extends AsyncDirective {
  #html?: string;

  /** On the server, `serverHtml` renders the block; without one, html blocks render nothing there. */
  render(source: string, baseUrl?: string, serverHtml?: ServerHtml | null) {
    if (isServer) return serverHtml?.(source, baseUrl) ?? nothing;
    if (source === this.#html) return noChange;
    this.#html = source;
    import('../../data/sanitize.js')
      .then(({ sanitizeHtml }) => sanitizeHtml(source, { baseUrl }))
      .then((fragment) => {
        if (this.#html === source) this.setValue(fragment);
      })
      .catch(() => {
        // Could not load or run the sanitizer: show nothing rather than unsafe markup.
        if (this.#html === source) this.setValue(nothing);
      });
    return nothing;
  }
}

export const sanitizedHtml = directive(SanitizedHtmlDirective);
