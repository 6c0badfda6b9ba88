/**
 * The replies API's errors (`{ error: { code, message, fields? } }`, the HTTP contract in the README):
 * each code with the status and the reader's message the reference server answers with. The browser
 * shows the same messages when an answer carries no such body (a proxy's error page, say), and the
 * reply schema uses the `parent` field's. Those few are constants of their own, so a browser bundle
 * keeps only the ones it imports; the table is the server's.
 */

export const COMMENTS_CLOSED = 'Comments are closed.';
export const REPLY_TOO_LARGE = 'The reply is too large.';
export const TOO_MANY_REQUESTS = 'You are posting replies too quickly. Please wait a moment.';
export const INVALID_REPLY = 'Please correct the marked fields.';
/** The `parent` field's message (`invalid_reply`): the reply being answered does not exist. */
export const PARENT_NOT_FOUND = 'The reply you are answering was not found.';

/** Every code the reference server answers with, but `invalid_query` (see `invalidQuery`). */
export const API_ERRORS = {
  invalid_reply: { status: 400, message: INVALID_REPLY },
  invalid_json: { status: 400, message: 'The request body is not valid JSON.' },
  invalid_idempotency_key: { status: 400, message: 'Idempotency-Key must be 1-255 printable ASCII characters.' },
  unauthorized: { status: 401, message: 'Authentication required.' },
  comments_closed: { status: 403, message: COMMENTS_CLOSED },
  not_found: { status: 404, message: 'Not found.' },
  article_not_found: { status: 404, message: 'No such article.' },
  reply_not_found: { status: 404, message: 'No such reply.' },
  duplicate: { status: 409, message: 'Duplicate reply detected; it looks as though you have already said that.' },
  payload_too_large: { status: 413, message: REPLY_TOO_LARGE },
  unsupported_media_type: { status: 415, message: 'Send the reply as application/json.' },
  idempotency_key_reused: { status: 422, message: 'This Idempotency-Key was already used for a different reply.' },
  too_many_requests: { status: 429, message: TOO_MANY_REQUESTS },
  /** The article has as many replies waiting for moderation as the server holds (`MAX_PENDING_PER_ARTICLE`). */
  moderation_queue_full: {
    status: 429,
    message: 'Too many replies to this article are waiting for moderation. Please try again later.',
  },
  /** Admin API: too many failed logins from this client; `Retry-After` says when to try again. */
  too_many_attempts: { status: 429, message: 'Too many failed attempts. Please try again later.' },
  internal: { status: 500, message: 'Something went wrong on the server.' },
  /** The article's file exists but cannot be read as an article (the server's log names the problem). */
  article_unavailable: { status: 500, message: 'This article cannot be shown right now.' },
  /** The server cannot keep new replies (its database file is gone); `Retry-After` says when to try again. */
  unavailable: { status: 503, message: 'Replies cannot be saved right now. Please try again later.' },
} as const satisfies Record<string, { status: number; message: string }>;

/** `invalid_query` (400) names the bad query parameter, in the message and as the one field. */
export const invalidQuery = (name: string) =>
  ({ status: 400, code: 'invalid_query', message: `Invalid query parameter "${name}".`, fields: { [name]: `Invalid ${name}.` } }) as const;

export type ApiErrorCode = keyof typeof API_ERRORS | 'invalid_query';
