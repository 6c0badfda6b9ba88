import { isServer, noChange, nothing } from 'lit';
import { AsyncDirective, directive } from 'lit/async-directive.js';

/**
 * How html blocks render during server rendering: set by src/server/render.ts (a jsdom-backed
 * DOMPurify with the browser's policy, wrapped in `unsafeHTML`), so the sanitizer's Node
 * dependencies never reach the browser bundle. Unset, html blocks render nothing on the server.
 */
export const serverHtml: { render?: (source: string, baseUrl?: string) => unknown } = {};

/**
 * Renders untrusted HTML after it has been sanitized. The sanitizer is imported on first use,
 * so articles without HTML never load it. On a server-rendered page the server's sanitized markup
 * stays on screen until the browser's own sanitized copy replaces it.
 */
class SanitizedHtmlDirective extends AsyncDirective {
  #html?: string;

  render(source: string, baseUrl?: string) {
    if (isServer) return serverHtml.render?.(source, baseUrl) ?? nothing;
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
