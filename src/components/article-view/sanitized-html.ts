import { noChange, nothing } from 'lit';
import { AsyncDirective, directive } from 'lit/async-directive.js';

/**
 * Renders untrusted HTML after it has been sanitized. The sanitizer is imported on first use,
 * so articles without HTML never load it.
 */
class SanitizedHtmlDirective extends AsyncDirective {
  #html?: string;

  render(source: string, baseUrl?: string) {
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
