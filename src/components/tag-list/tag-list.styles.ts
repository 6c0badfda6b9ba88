import { css } from 'lit';

export const tagListStyles = css`
  :host {
    display: block;
    --_gap: var(--tag-list-gap, 0.4em);
    --_accent: var(--tag-list-accent, var(--article-view-accent, light-dark(#1a5fb4, #99c1f1)));
    --_radius: var(--tag-list-radius, var(--article-view-radius, 999px));
  }
  /* No tags: nothing visible, and no empty box taking space in the host's layout. */
  :host(:state(empty)),
  :host([hidden]) {
    display: none;
  }
  .tags {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: var(--_gap);
  }
  .label {
    font-weight: 600;
  }
  ul {
    display: contents;
    list-style: none;
  }
  li {
    display: inline-block;
  }
  .tag {
    display: inline-block;
    padding: 0.1em 0.6em;
    border: 1px solid color-mix(in srgb, currentColor 25%, transparent);
    border-radius: var(--_radius);
    color: inherit;
    text-decoration: none;
    font-size: 0.9em;
  }
  a.tag {
    color: var(--_accent);
  }
  a.tag:hover {
    border-color: currentColor;
  }
  a.tag:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
`;
