import { css } from 'lit';

/**
 * Public knobs are `--article-view-*`; they feed private `--_*` values so defaults live in one place.
 * Colours derive from the host's `currentColor`, so the element follows the host page's own light or
 * dark theme (whether it uses `color-scheme`, `prefers-color-scheme` or a class) with no glue code.
 */
export const articleViewStyles = css`
  :host {
    display: block;
    --_accent: var(--article-view-accent, color-mix(in oklab, #1a5fb4 65%, currentColor));
    --_space: var(--article-view-spacing, 1rem);
    --_measure: var(--article-view-measure, 70ch);
    --_radius: var(--article-view-radius, 6px);
    --_muted: color-mix(in oklab, currentColor 68%, transparent);
    --_line: color-mix(in oklab, currentColor 18%, transparent);
  }
  :host([hidden]) {
    display: none;
  }
  article {
    max-inline-size: var(--_measure);
    margin-inline: auto;
    overflow-wrap: break-word;
  }
  a {
    color: var(--_accent);
    text-underline-offset: 0.15em;
  }
  a:focus-visible,
  button:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
    border-radius: 2px;
  }
  nav ol {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em 0.5em;
    margin: 0 0 var(--_space);
    padding: 0;
    list-style: none;
    color: var(--_muted);
    font-size: 0.9em;
  }
  nav li + li::before {
    content: '/';
    margin-inline-end: 0.5em;
    color: var(--_muted);
  }
  h1 {
    margin: 0 0 var(--_space);
    font-size: var(--article-view-title-size, 2em);
    line-height: 1.2;
    text-wrap: balance;
  }
  h2,
  h3,
  h4,
  h5,
  h6 {
    margin: calc(var(--_space) * 1.6) 0 calc(var(--_space) * 0.6);
    line-height: 1.3;
  }
  p,
  ul,
  ol,
  blockquote {
    margin: 0 0 var(--_space);
  }
  blockquote {
    margin-inline: 0;
    padding-inline-start: var(--_space);
    border-inline-start: 3px solid var(--_accent);
  }
  /* In <reply-form>'s place on a server-rendered page: seen only while scripts do not run. */
  .needs-js {
    color: var(--_muted);
    font-style: italic;
  }
  .dates {
    color: var(--_muted);
    font-size: 0.9em;
  }
  address {
    font-style: normal;
    margin: calc(var(--_space) * 1.5) 0;
    padding-block: var(--_space);
    border-block: 1px solid var(--_line);
  }
  address p {
    margin: 0;
  }
  address p + p {
    margin-top: 0.35em;
  }
  .label {
    font-weight: 600;
  }
  section {
    margin-block: calc(var(--_space) * 1.5);
  }
  tag-list {
    margin-block: var(--_space);
  }
  .html img,
  .html video {
    max-inline-size: 100%;
    block-size: auto;
  }
  .html pre {
    overflow-x: auto;
  }
  .html table {
    display: block;
    overflow-x: auto;
    border-collapse: collapse;
  }
  .replies {
    margin-block-start: calc(var(--_space) * 2);
  }
  .error {
    max-inline-size: var(--_measure);
    margin: 0 auto var(--_space);
  }
  button {
    font: inherit;
    color: inherit;
    padding: 0.35em 1em;
    border: 1px solid currentColor;
    border-radius: var(--_radius);
    background: transparent;
    cursor: pointer;
  }
  .skeleton > div {
    block-size: 1em;
    margin-block-end: 0.75em;
    border-radius: var(--_radius);
    background: var(--_line);
    animation: pulse 1.4s ease-in-out infinite;
  }
  .skeleton .title {
    block-size: 2.2em;
    inline-size: 80%;
    margin-block-end: var(--_space);
  }
  .skeleton .short {
    inline-size: 60%;
  }
  @keyframes pulse {
    50% {
      opacity: 0.45;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .skeleton > div {
      animation: none;
    }
  }
`;
