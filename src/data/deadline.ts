/**
 * One request's abort signal: aborted by the caller's signal or when `timeout` ms pass, and able to
 * tell which of the two happened (a timeout is reported to the reader differently from a cancel).
 */
export interface Deadline {
  readonly signal: AbortSignal;
  readonly timedOut: boolean;
  /** Stops the timer and the link to the caller's signal; call once the request has settled. */
  dispose(): void;
}

export function deadline(timeout: number, signal?: AbortSignal): Deadline {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeout);
  const onAbort = () => controller.abort();
  if (signal?.aborted) controller.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    dispose() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    },
  };
}

/** "The server did not answer within 1.5 s." */
export const timeoutMessage = (timeout: number) => `The server did not answer within ${Math.round(timeout / 100) / 10} s.`;
