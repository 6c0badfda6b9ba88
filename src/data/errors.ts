import type { ValidationIssue } from './validate.js';

/** Why a load failed; stable strings a page can switch on. */
export type LoadErrorKind = 'network' | 'timeout' | 'http' | 'content-type' | 'too-large' | 'parse' | 'schema' | 'format' | 'aborted';

/** Why a post failed: stable strings a page can switch on. */
export type PostReplyErrorKind =
  /** The server could not be reached (offline, DNS, refused, CORS). */
  | 'network'
  | 'timeout'
  | 'aborted'
  /** The server refused or failed (4xx, 5xx); see `status`, `code` and `fields`. */
  | 'http'
  /** The server said yes but its answer is not the contract's. */
  | 'response';

export interface ErrorDetails {
  url?: string;
  /** HTTP status, when the server answered. */
  status?: number;
  issues?: ValidationIssue[];
  /** The server's error code (`invalid_reply`, `duplicate`, …); default: the kind. */
  code?: string;
  /** One message per input field (`name`, `email`, `website`, `comment`, `parent`), from a 400. */
  fields?: Record<string, string>;
  /** Seconds the server asked to wait (429 `Retry-After`). */
  retryAfter?: number;
  cause?: unknown;
}

/**
 * A failed load, typed so an element can show it and a page can react to it.
 * `message` is written for a reader; `kind`, `status` and `issues` are for code.
 * A failed post is one too: `PostReplyError` (replies.ts) adds the server's `code`, `fields` and `retryAfter`.
 */
export class LoadError<Kind extends LoadErrorKind | PostReplyErrorKind = LoadErrorKind> extends Error {
  override readonly name: string = 'LoadError';
  constructor(
    readonly kind: Kind,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message, { cause: details.cause });
  }
  get url(): string | undefined {
    return this.details.url;
  }
  get status(): number | undefined {
    return this.details.status;
  }
  get issues(): ValidationIssue[] {
    return this.details.issues ?? [];
  }
}
