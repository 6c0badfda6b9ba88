import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import type { Tag } from '../../data/article.js';
import { isSafeHref } from '../../data/url.js';
import { tagListStyles } from './tag-list.styles.js';

/** Reads tags written in markup: a JSON array (`[{"name":"AI","url":"/tag/ai"}]`) or comma-separated names. */
export function parseTagsAttribute(value: string | null): Tag[] {
  if (!value?.trim()) return [];
  if (value.trim().startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(value);
      if (Array.isArray(parsed)) {
        return parsed.flatMap((t: unknown): Tag[] => {
          if (typeof t === 'string') return t.trim() ? [{ name: t.trim() }] : [];
          if (t && typeof t === 'object' && typeof (t as Tag).name === 'string' && (t as Tag).name.trim()) {
            const { name, url } = t as Tag;
            return [typeof url === 'string' ? { name, url } : { name }];
          }
          return [];
        });
      }
    } catch {
      /* not JSON: read it as a list of names */
    }
  }
  return value
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean)
    .map((name) => ({ name }));
}

/**
 * An article's tags, each a link when it has a URL. Renders nothing at all when there are none.
 *
 * @tagname tag-list
 * @summary An article's tags.
 *
 * @csspart label - The "Tagged:" label.
 * @csspart list - The list of tags.
 * @csspart tag - Each tag (a link or a span).
 *
 * @cssprop [--tag-list-accent] - Colour of tag links (defaults to `--article-view-accent`).
 * @cssprop [--tag-list-gap=0.4em] - Space between tags.
 * @cssprop [--tag-list-radius=999px] - Corner radius of each tag.
 */
export class TagList extends LitElement {
  static override styles = tagListStyles;

  /** The tags to show. From markup, set the `tags` attribute to a JSON array or comma-separated names. */
  @property({ attribute: 'tags', converter: { fromAttribute: parseTagsAttribute } })
  tags: Tag[] = [];

  /** The label before the tags; set it to localise ("Schlagwörter:"). */
  @property() label = 'Tagged:';

  #internals = this.attachInternals();

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('tags')) {
      const empty = !this.tags?.length;
      // Custom state lets `:host(:state(empty))` hide the element without touching the host's attributes.
      try {
        if (empty) this.#internals.states.add('empty');
        else this.#internals.states.delete('empty');
      } catch {
        /* engines without CustomStateSet: the element is still empty, just not display:none */
      }
    }
  }

  protected override render() {
    if (!this.tags?.length) return nothing;
    return html`<div class="tags">
      <span class="label" part="label" id="label">${this.label}</span>
      <ul part="list" aria-labelledby="label">
        ${this.tags.map(
          (tag) =>
            html`<li>${
              tag.url && isSafeHref(tag.url)
                ? html`<a class="tag" part="tag" href=${tag.url} rel="tag">${tag.name}</a>`
                : html`<span class="tag" part="tag">${tag.name}</span>`
            }</li>`,
        )}
      </ul>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tag-list': TagList;
  }
}
