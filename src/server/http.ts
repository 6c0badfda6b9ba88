/**
 * What the reference server's routes share: JSON errors, the error and not-found answers, security
 * headers, CORS for the public API, the JSON-only guard, the sender's key (client-ip.ts) and paging parameters.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, ErrorHandler, MiddlewareHandler, NotFoundHandler } from 'hono';
import { cors } from 'hono/cors';
import { API_ERRORS, invalidQuery } from '../data/api-errors.js';
import { REPLIES_PAGE_SIZE } from '../data/page-size.js';
import { ArticleUnavailableError } from './articles.js';
import { clientAddress, senderKey, type ProxyTrust } from './client-ip.js';
import { StoreUnavailableError, type Cursor, type Order } from './store.js';

/** Seconds a client is asked to wait when the store cannot take replies (it needs a restart). */

/** An error as the API answers it: `{ error: { code, message, fields? } }`, with the code's status and message. */
export function fail(c: Context, code: keyof typeof API_ERRORS, fields?: Record<string, string>) {
  const { status, message } = API_ERRORS[code];
  return c.json({ error: fields ? { code, message, fields } : { code, message } }, status);
}

export function badQuery(c: Context, name: string) {
  const { status, ...error } = invalidQuery(name);
  return c.json({ error }, status);
}

/** The client closed the connection before its request was read (a cancelled upload): nothing failed here. */
const clientGone = (error: unknown, c: Context) => {
  const code = (error as { code?: unknown } | null)?.code;
  return c.req.raw.signal.aborted && (code === 'ECONNRESET' || code === 'ABORT_ERR' || (error as Error | null)?.name === 'AbortError');
};

export const onError: ErrorHandler = (error, c) => {
  // Both were logged, once and in one line, where they were found.
  if (error instanceof ArticleUnavailableError) return fail(c, 'article_unavailable');
  if (error instanceof StoreUnavailableError) {
    c.header('Retry-After', String(error.retryAfterSeconds));
    return fail(c, 'unavailable');
  }
  // No log: nobody is left to answer, and it says nothing about the server.
  if (clientGone(error, c)) return c.body(null, 400);
  console.error(error);
  return fail(c, 'internal');
};

export const notFound: NotFoundHandler = (c) => fail(c, 'not_found');

export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'strict-origin-when-cross-origin');
  if (c.req.path.startsWith('/api/')) {
    // JSON is data, never a document: no caching of possibly private answers, no framing, no scripts.
    c.header('Cache-Control', 'no-store');
    c.header('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
  }
};

/** Only the public API is open to other sites; the admin API is for curl and same-origin tools. */
export const publicApiCors = (allowedOrigins: readonly string[]) =>
  cors({
    origin: (origin) => (allowedOrigins.includes(origin) ? origin : null),
    allowMethods: ['GET', 'POST'],
    allowHeaders: ['Content-Type', 'Idempotency-Key'],
    exposeHeaders: ['Retry-After'],
    maxAge: 600,
  });

// JSON only: an HTML form can post only urlencoded, multipart or text/plain, so this refuses
// cross-site form posts, and a cross-origin JSON post needs a CORS preflight we control.
export const requireJson: MiddlewareHandler = async (c, next) => {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') return fail(c, 'unsupported_media_type');
  await next();
};

/**
 * The key the sender's limits count by (`senderKey`): the client's address as `trust` allows it to be
 * read (the TCP peer, or the forwarded chain when the peer is a trusted proxy), an IPv6 one by its /64.
 */
export function clientKey(c: Context, trust: ProxyTrust): string {
  let peer: string | undefined;
  try {
    peer = getConnInfo(c).remote.address;
  } catch {
    // Not running under @hono/node-server (e.g. app.request() in a unit test): 'unknown' below.
  }
  return senderKey(clientAddress(peer, c.req.header(trust.header), trust));
}

export const encodeCursor = (cursor: Cursor | null) =>
  cursor && Buffer.from(JSON.stringify([cursor.published, cursor.id])).toString('base64url');

function decodeCursor(text: string): Cursor | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) {
      return { published: value[0] as string, id: value[1] as string };
    }
  } catch {
    // Not base64url JSON: reported as a bad cursor below.
  }
  return undefined;
}

/** Reads `limit`, `cursor` and `order` from the query; a string is the name of the bad parameter. */
export function pageQuery(c: Context): { limit: number; order: Order; after?: Cursor } | string {
  const { limit = String(REPLIES_PAGE_SIZE), cursor, order = 'asc' } = c.req.query();
  if (!/^\d{1,6}$/.test(limit) || Number(limit) < 1) return 'limit';
  if (order !== 'asc' && order !== 'desc') return 'order';
  const after = cursor === undefined ? undefined : decodeCursor(cursor);
  if (cursor !== undefined && !after) return 'cursor';
  return { limit: Math.min(Number(limit), 200), order, after };
}
