import { css } from 'lit';

/**
 * Public knobs are `--reply-form-*` (falling back to `<article-view>`'s), feeding private `--_*`.
 * Font and colours come from the host page; borders and muted text are mixes of `currentColor`,
 * so the form follows a light or dark page without glue code.
 */
export const replyFormStyles = css`
  :host {
    display: block;
    --_accent: var(--reply-form-accent, var(--article-view-accent, color-mix(in oklab, #1a5fb4 65%, currentColor)));
    --_error: var(--reply-form-error, color-mix(in oklab, #c01c28 75%, currentColor));
    --_radius: var(--reply-form-radius, var(--article-view-radius, 6px));
    --_space: var(--reply-form-spacing, var(--article-view-spacing, 1rem));
    --_muted: color-mix(in oklab, currentColor 72%, transparent);
    --_line: color-mix(in oklab, currentColor 35%, transparent);
  }
  :host([hidden]) {
    display: none;
  }
  .head {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.5em 1em;
    margin-block-end: calc(var(--_space) * 0.5);
  }
  h2 {
    margin: 0;
    font-size: 1.4em;
    line-height: 1.3;
  }
  p {
    margin: 0 0 var(--_space);
  }
  .notes,
  .notice {
    color: var(--_muted);
    font-size: 0.9em;
  }
  .notice {
    color: inherit;
    padding: 0.5em 0.75em;
    border-inline-start: 3px solid var(--_line);
  }
  .required {
    color: var(--_error);
  }
  label {
    display: block;
    margin-block-end: 0.25em;
  }
  input,
  textarea,
  button {
    font: inherit;
    color: inherit;
  }
  input:not([type='checkbox']),
  textarea {
    box-sizing: border-box;
    display: block;
    inline-size: 100%;
    padding: 0.45em 0.6em;
    border: 1px solid var(--_line);
    border-radius: var(--_radius);
    background: color-mix(in oklab, currentColor 3%, transparent);
  }
  textarea {
    resize: vertical;
    min-block-size: 8lh;
  }
  [aria-invalid='true'] {
    border-color: var(--_error);
  }
  .error {
    display: block;
    margin-block-start: 0.3em;
    color: var(--_error);
    font-size: 0.9em;
  }
  .consent {
    display: flex;
    gap: 0.5em;
    align-items: baseline;
  }
  .consent label {
    display: inline;
    margin: 0;
  }
  button {
    padding: 0.45em 1.1em;
    border: 1px solid currentColor;
    border-radius: var(--_radius);
    background: transparent;
    cursor: pointer;
  }
  button[part='submit'] {
    color: var(--_accent);
    font-weight: 600;
  }
  button[aria-disabled='true'] {
    opacity: 0.6;
    cursor: not-allowed;
  }
  input:focus-visible,
  textarea:focus-visible,
  button:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  /* Empty but present: a live region must be in the accessibility tree before it speaks. */
  .status:empty {
    margin: 0;
  }
`;
