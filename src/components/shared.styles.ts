import { css } from 'lit';

/** Rules more than one element needs, written once. */

/** Out of sight but in the document: live-region text, the reply form's honeypot. */
export const visuallyHiddenStyles = css`
  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;

/** The box a failed load shows (`role="alert"`), with its Retry button below the message. */
export const errorBoxStyles = css`
  .error {
    padding: var(--_space);
    border: 1px solid color-mix(in oklab, #c01c28 60%, currentColor);
    border-radius: var(--_radius);
    background: color-mix(in oklab, #c01c28 8%, transparent);
  }
  .error p {
    margin: 0 0 0.5em;
  }
`;
