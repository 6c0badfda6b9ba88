/**
 * One request's abort signal: aborted by the caller's signal or when `timeout` ms pass, and able to
 * tell which of the two happened (a timeout is reported to the reader differently from a cancel).
 */
export interface Deadline {
  readonly signal: AbortSignal;
  readonly timeout: number;
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
    timeout,
    get timedOut() {
      return timedOut;
    },
    dispose() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    },
  };
}

/**
 * Why a request made under `request` threw, with a message for the reader: its time ran out
 * ("The server did not answer within 1.5 s."), the caller cancelled it (`cancelled`), or else the
 * network failed (`network`).
 */
export function requestFailure(
  request: Deadline,
  cancelled = 'The request was cancelled.',
  network = 'The server could not be reached.',
): [kind: 'timeout' | 'aborted' | 'network', message: string] {
  if (request.timedOut) return ['timeout', `The server did not answer within ${Math.round(request.timeout / 100) / 10} s.`];
  return request.signal.aborted ? ['aborted', cancelled] : ['network', network];
}
