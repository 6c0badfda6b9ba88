/**
 * The English default of the elements' `wait` message, shown when a server asked the reader to slow
 * down (429): how long, from `Retry-After`, when the server said.
 */
export function waitMessage(seconds?: number): string {
  if (!seconds) return 'Please wait a moment before trying again.';
  const s = Math.ceil(seconds);
  return `Try again in ${s < 120 ? `${s} second${s === 1 ? '' : 's'}` : `${Math.ceil(s / 60)} minutes`}.`;
}

/** A failure that asks the reader to wait: a 429, or any answer that said for how long (`Retry-After`). */
export const asksToWait = (error: { status?: number; details: { retryAfter?: number } }): boolean =>
  error.status === 429 || error.details.retryAfter !== undefined;
