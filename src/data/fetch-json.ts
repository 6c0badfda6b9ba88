import { deadline, requestFailure } from './deadline.js';
import { LoadError } from './errors.js';

export interface FetchJsonOptions {
  /** Aborts the request (a newer `src`, a disconnected element). */
  signal?: AbortSignal;
  /** Milliseconds before the request fails as `timeout`. Default 15 000. */
  timeout?: number;
  /** Largest body accepted, in bytes; checked from `Content-Length` and again while reading. Default 2 MiB. */
  maxBytes?: number;
  /** Passed through to `fetch` (credentials, headers, …). */
  init?: RequestInit;
}

export const DEFAULT_TIMEOUT = 15_000;
export const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;

/** Seconds the server asked to wait (`Retry-After` in seconds, as 429 and 503 answers send it), if any. */
export function retryAfterOf(response: Response): number | undefined {
  const seconds = Number(response.headers.get('retry-after'));
  return seconds > 0 ? seconds : undefined;
}

const isJsonType = (type: string | null) => !!type && /^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(type);

/**
 * Fetches a JSON document with the checks a widget on someone else's page needs:
 * abort, timeout, size cap before parsing, content type, parse errors. Returns the parsed value
 * (unknown: validate it at the boundary).
 */
export async function fetchJson(url: string, options: FetchJsonOptions = {}): Promise<unknown> {
  const { signal, timeout = DEFAULT_TIMEOUT, maxBytes = DEFAULT_MAX_BYTES, init } = options;
  const request = deadline(timeout, signal);
  const failed = (cause: unknown, network?: string) => {
    const [kind, message] = requestFailure(request, undefined, network);
    return new LoadError(kind, message, { url, cause });
  };

  try {
    let response: Response;
    try {
      response = await fetch(url, {
        ...init,
        headers: { Accept: 'application/json', ...init?.headers },
        signal: request.signal,
      });
    } catch (cause) {
      throw failed(cause);
    }
    if (!response.ok) {
      throw new LoadError('http', `The server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`, {
        url,
        status: response.status,
        retryAfter: retryAfterOf(response),
      });
    }
    const type = response.headers.get('content-type');
    if (!isJsonType(type)) {
      throw new LoadError('content-type', `Expected JSON but the server sent ${type ? type.split(';')[0] : 'no content type'}.`, {
        url,
        status: response.status,
      });
    }
    const declared = Number(response.headers.get('content-length'));
    if (declared > maxBytes) throw (response.body?.cancel().catch(() => {}), tooLarge(url, maxBytes)); // unread: cancelled, so the connection goes
    let text: string;
    try {
      text = await readText(response, maxBytes, url);
    } catch (cause) {
      if (cause instanceof LoadError) throw cause;
      throw failed(cause, 'The connection broke while reading the response.');
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (cause) {
      throw new LoadError('parse', `The response is not valid JSON (${(cause as Error).message}).`, { url, cause });
    }
  } finally {
    request.dispose();
  }
}

function tooLarge(url: string, maxBytes: number) {
  return new LoadError('too-large', `The response is larger than the ${Math.round(maxBytes / 1024)} KiB limit.`, { url });
}

/** Reads the body as UTF-8, stopping as soon as it passes `maxBytes` (a missing or lying Content-Length). */
async function readText(response: Response, maxBytes: number, url: string): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let received = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > maxBytes) {
      await reader.cancel();
      throw tooLarge(url, maxBytes);
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}
