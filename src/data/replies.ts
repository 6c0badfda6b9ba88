/**
 * The only code that talks HTTP for replies: reading pages of approved replies and posting one,
 * as the HTTP contract in the README describes, so any backend that speaks it works.
 */
import { COMMENTS_CLOSED, REPLY_TOO_LARGE, TOO_MANY_REQUESTS } from './api-errors.js';
import { LoadError, type PostReplyErrorKind } from './errors.js';
import { deadline, requestFailure } from './deadline.js';
import { DEFAULT_TIMEOUT, fetchJson, retryAfterOf } from './fetch-json.js';
import type { PostReplyResult, ReplyInput, ReplyPage, ReplyValidation } from './reply.js';
import { absoluteUrl } from './url.js';

// The reply schemas (zod) load on demand, like the article's, so they stay out of the elements'
// first paint; a list's first page or a form's first keystroke loads them in parallel.
const schemas = () => import('./reply.js');

/** `oldest` first (the conversation as it happened) or `newest` first. */
export type ReplyOrder = 'oldest' | 'newest';

export interface LoadRepliesOptions {
  /** Replies per page; the reference server caps it at 200. */
  limit?: number;
  /** The `next` cursor of the previous page. */
  cursor?: string | null;
  order?: ReplyOrder;
  signal?: AbortSignal;
  /** Milliseconds before the request fails as `timeout`. */
  timeout?: number;
}

/** Fetches one page of approved replies (`{ replies, total, next }`), validated. */
export async function loadReplies(endpoint: string, options: LoadRepliesOptions = {}): Promise<ReplyPage> {
  // Relative to the page, so relative endpoints work wherever the element sits.
  const url = new URL(absoluteUrl(endpoint));
  if (options.limit) url.searchParams.set('limit', String(options.limit));
  if (options.cursor) url.searchParams.set('cursor', options.cursor);
  // Sent only for `newest`: a backend that knows no `order` still serves the default, oldest first.
  if (options.order === 'newest') url.searchParams.set('order', 'desc');
  const href = url.href;
  const [data, { ReplyPageSchema }] = await Promise.all([fetchJson(href, { signal: options.signal, timeout: options.timeout }), schemas()]);
  const result = ReplyPageSchema.safeParse(data);
  if (result.success) return result.data;
  // A WordPress site's comments (`/wp-json/wp/v2/comments?post=ID`): an array of comments, read
  // through the same adapter approach as articles. WordPress pages with `page`, not a cursor.
  if (Array.isArray(data)) {
    const { adaptWordPressComments } = await import('./formats/wordpress-comments.js');
    const replies = adaptWordPressComments(data);
    return { replies, total: replies.length, next: null };
  }
  // The messages for a wrong shape load with the schema's chunk (vite.config.ts), only when needed.
  const issues = (await import('./validate.js')).toIssues(result.error.issues, data);
  throw new LoadError('schema', `The replies are not in the expected shape: ${issues[0].path}: ${issues[0].message}.`, {
    url: href,
    issues,
  });
}

/** Checks a reply as the server will (same messages), loading the schema on first use. */
export async function validateReply(input: unknown): Promise<ReplyValidation> {
  return (await schemas()).validateReplyInput(input);
}

/** What the form posts: the reply plus the honeypot, which people leave empty. */
export type PostReplyInput = ReplyInput & { url_confirm?: string };

export interface PostReplyOptions {
  /** Identifies this draft: a retry with the same key and body never creates a second reply. */
  idempotencyKey: string;
  signal?: AbortSignal;
  /** Milliseconds before the post fails as `timeout` (the reply may still have been stored). */
  timeout?: number;
}

export type { PostReplyErrorKind };

/**
 * A failed post, typed. `message` is for the reader; `code` is the server's error code
 * (`invalid_reply`, `duplicate`, …) or the kind; `fields` holds one message per input field.
 * A `LoadError` too, so one check (`instanceof LoadError`) covers every failure of this library.
 */
export class PostReplyError extends LoadError<PostReplyErrorKind> {
  override readonly name = 'PostReplyError';
  /** The server's error code (`invalid_reply`, `duplicate`, …), else the kind. */
  get code(): string {
    return this.details.code ?? this.kind;
  }
  /** Messages per field (`name`, `email`, `website`, `comment`, `parent`) from a 400. */
  get fields(): Readonly<Record<string, string>> {
    return this.details.fields ?? {};
  }
  /** Seconds the server asked to wait (429 `Retry-After`). */
  get retryAfter(): number | undefined {
    return this.details.retryAfter;
  }
}

/** Readable fallbacks for answers that carry no `{ error }` body (a proxy's 502 page, say). */
function statusMessage(status: number): string {
  if (status === 403) return COMMENTS_CLOSED;
  if (status === 413) return REPLY_TOO_LARGE;
  if (status === 429) return TOO_MANY_REQUESTS;
  return status >= 500 ? `The server had a problem (${status}).` : `The server refused the reply (${status}).`;
}

/** Largest answer read: the contract's answers are one reply, far below this. */
const MAX_ANSWER_BYTES = 512 * 1024;

/**
 * Posts a reply as JSON with an `Idempotency-Key`. Resolves with the stored reply and whether it
 * is `published` (201) or `pending` (202); throws a `PostReplyError` for everything else.
 */
export async function postReply(endpoint: string, input: PostReplyInput, options: PostReplyOptions): Promise<PostReplyResult> {
  const { signal, timeout = DEFAULT_TIMEOUT } = options;
  const url = new URL(absoluteUrl(endpoint)).href;
  const request = deadline(timeout, signal);
  const failed = (cause: unknown) => {
    const [kind, message] = requestFailure(request, 'Posting was cancelled.');
    return new PostReplyError(kind, message, { cause });
  };

  try {
    const [{ PostReplyResultSchema, ApiErrorSchema }, response] = await Promise.all([
      schemas(),
      fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Idempotency-Key': options.idempotencyKey },
        body: JSON.stringify(input),
        signal: request.signal,
        // The reader's identity travels in the body; cookies add nothing and cost a CORS credential mode.
        credentials: 'omit',
      }).catch((cause: unknown) => {
        throw failed(cause);
      }),
    ]);
    let data: unknown;
    try {
      if (Number(response.headers.get('content-length')) > MAX_ANSWER_BYTES) throw new Error('too large');
      const text = await response.text();
      data = text.length > MAX_ANSWER_BYTES ? undefined : JSON.parse(text);
    } catch (cause) {
      if (request.signal.aborted) throw failed(cause);
      data = undefined; // not JSON: judged by status alone below
    }
    const { status } = response;
    if (response.ok) {
      const result = PostReplyResultSchema.safeParse(data);
      if (result.success) return result.data;
      throw new PostReplyError('response', 'The server accepted the reply but sent an unexpected answer.', { status });
    }
    const apiError = ApiErrorSchema.safeParse(data);
    throw new PostReplyError('http', apiError.success ? apiError.data.error.message : statusMessage(status), {
      status,
      code: apiError.success ? apiError.data.error.code : `http_${status}`,
      fields: apiError.success ? apiError.data.error.fields : undefined,
      retryAfter: retryAfterOf(response),
    });
  } finally {
    request.dispose();
  }
}
