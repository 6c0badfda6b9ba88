import { css } from 'lit';

/**
 * Public knobs are `--reply-list-*` (falling back to `<article-view>`'s), feeding private `--_*`.
 * Font and colours come from the host page; lines and muted text are `currentColor` mixes.
 */
export const replyListStyles = css`
  :host {
    display: block;
    --_accent: var(--reply-list-accent, var(--article-view-accent, color-mix(in oklab, #1a5fb4 65%, currentColor)));
    --_indent: var(--reply-list-indent, 1.25rem);
    --_space: var(--reply-list-spacing, var(--article-view-spacing, 1rem));
    --_radius: var(--reply-list-radius, var(--article-view-radius, 6px));
    --_muted: color-mix(in oklab, currentColor 72%, transparent);
    --_line: color-mix(in oklab, currentColor 18%, transparent);
  }
  :host([hidden]) {
    display: none;
  }
  h2 {
    margin: 0 0 var(--_space);
    font-size: 1.4em;
    line-height: 1.3;
  }
  ol {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .list {
    margin-block-end: var(--_space);
  }
  .reply {
    margin-block-start: var(--_space);
  }
  .children {
    margin-inline-start: var(--_indent);
    padding-inline-start: var(--_indent);
    border-inline-start: 2px solid var(--_line);
  }
  article {
    overflow-wrap: anywhere;
  }
  article:focus {
    outline: none;
  }
  article:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 4px;
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em 0.75em;
    align-items: baseline;
  }
  .author {
    font-weight: 600;
  }
  time {
    color: var(--_muted);
    font-size: 0.9em;
  }
  a {
    color: var(--_accent);
    text-underline-offset: 0.15em;
  }
  /* Text, never HTML: line breaks the reader typed are kept, runs of spaces are not. */
  .comment {
    white-space: pre-line;
    margin-block: 0.4em;
  }
  .pending {
    margin: 0.25em 0 0;
    font-style: italic;
    color: var(--_muted);
  }
  button {
    font: inherit;
    color: inherit;
    padding: 0.3em 0.9em;
    border: 1px solid var(--_line);
    border-radius: var(--_radius);
    background: transparent;
    cursor: pointer;
  }
  button[part='reply-button'] {
    font-size: 0.85em;
    color: var(--_accent);
  }
  .more {
    border-color: currentColor;
    color: var(--_accent);
  }
  button[aria-disabled='true'] {
    opacity: 0.6;
    cursor: progress;
  }
  a:focus-visible,
  button:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .status {
    margin: 0.5em 0 0;
    color: var(--_muted);
  }
  .error {
    margin-block: var(--_space);
  }
`;
