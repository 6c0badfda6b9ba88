/** An article's replies: the approved ones, a page at a time, and posting a new one. */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { PARENT_NOT_FOUND } from '../../data/api-errors.js';
import { validateReplyInput } from '../../data/reply.js';
import type { Moderation } from '../config.js';
import type { ArticleRepository } from '../articles.js';
import type { ProxyTrust } from '../client-ip.js';
import { hmacSha256, sha256 } from '../hash.js';
import { badQuery, clientKey, encodeCursor, fail, pageQuery, requireJson } from '../http.js';
import type { PostOutcome, ReplyStore, StoredStatus } from '../store.js';
import { publicReply } from '../views.js';

// Printable ASCII, as the IETF Idempotency-Key draft allows for keys (the form sends a UUID).
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
/**
 * 256 KiB: a comment at the 65525-byte limit can double in size once JSON escapes its quotes,
 * backslashes and newlines, so 128 KiB could refuse a valid reply. No more than double: the
 * characters JSON.stringify writes as six-byte `\uXXXX` escapes (controls, lone surrogates) are
 * refused by the schema.
 */
const MAX_BODY_BYTES = 256 * 1024;
const utf8 = new TextDecoder('utf-8', { fatal: true });
/**
 * Seconds a reader is asked to wait when an article's moderation queue is full: a guess, since the
 * queue empties when a moderator gets to it. The cap is checked before the store sees the post, so a
 * retry (same Idempotency-Key) of a post that was kept gets this 429 too, and its first answer once
 * the queue has room.
 */
const QUEUE_FULL_RETRY_AFTER = 1800;

export interface ReplyRoutesDeps {
  articles: ArticleRepository;
  store: ReplyStore;
  moderation: Moderation;
  /** Minimum ms between two posts from one client IP; 0 disables. */
  rateLimitMs: number;
  /** Largest request body accepted, in bytes (default 256 KiB). */
  maxBodyBytes?: number;
  /** Whose forwarded headers tell the client's address. */
  trust: ProxyTrust;
  /** The key of the stored IP hashes (HMAC-SHA256). */
  ipSecret: string | Buffer;
  /** New replies to an article with this many pending are refused (429); 0: no cap. */
  maxPendingPerArticle: number;
}

export function replyRoutes(deps: ReplyRoutesDeps): Hono {
  const { articles, store, moderation, rateLimitMs, maxBodyBytes, trust, ipSecret, maxPendingPerArticle } = deps;
  const app = new Hono();

  app.get('/api/articles/:id/replies', async (c) => {
    const id = c.req.param('id');
    if (!(await articles.load(id))) return fail(c, 'article_not_found');
    const query = pageQuery(c);
    if (typeof query === 'string') return badQuery(c, query);
    const page = await store.list({ article: id, status: 'published', ...query });
    return c.json({ replies: page.replies.map(publicReply), total: page.total, next: encodeCursor(page.next) });
  });

  app.post('/api/articles/:id/replies', requireJson, replySizeLimit(maxBodyBytes ?? MAX_BODY_BYTES), async (c) => {
    const id = c.req.param('id');
    const article = await articles.load(id);
    if (!article) return fail(c, 'article_not_found');
    if (!article.comments?.open) return fail(c, 'comments_closed');

    const key = c.req.header('idempotency-key');
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
      return fail(c, 'invalid_idempotency_key');
    }
    const bytes = await c.req.arrayBuffer();
    let raw: string;
    let body: unknown;
    try {
      // JSON is UTF-8: bytes that are not are refused, rather than stored as U+FFFD.
      raw = utf8.decode(bytes);
      body = JSON.parse(raw);
    } catch {
      return fail(c, 'invalid_json');
    }
    const result = validateReplyInput(body);
    if (!result.ok) return fail(c, 'invalid_reply', result.fields);
    const input = result.value;

    // The form's hidden honeypot: only bots fill it. They are told "pending" and learn nothing.
    // Read as the body's own property, never through a prototype.
    const honeypot = Object.hasOwn(body as object, 'url_confirm') ? (body as { url_confirm?: unknown }).url_confirm : undefined;
    const isBot = honeypot !== undefined && honeypot !== null && honeypot !== '';
    const status: StoredStatus = isBot ? 'spam' : moderation === 'publish' ? 'published' : 'pending';

    // One sender with many addresses must not fill an article's queue past what a moderator can read.
    // A soft cap: posts checked at the same moment may each pass and overshoot it by a few.
    if (status === 'pending' && maxPendingPerArticle > 0) {
      const { total } = await store.list({ article: id, status: 'pending', limit: 1, order: 'asc' });
      if (total >= maxPendingPerArticle) {
        c.header('Retry-After', String(QUEUE_FULL_RETRY_AFTER));
        return fail(c, 'moderation_queue_full');
      }
    }

    const outcome = await store.post({
      reply: {
        article: id,
        parent: input.parent ?? null,
        name: input.name,
        email: input.email,
        website: input.website || null,
        comment: input.comment,
        status,
        // Keyed: without the secret, a stored hash cannot be matched against every IPv4 address.
        ipHash: hmacSha256(ipSecret, clientKey(c, trust)).toString('hex'),
      },
      // The article id is part of the hash: the same body sent to another article is a different request.
      idempotency: key === undefined ? undefined : { key, requestHash: sha256(`${id}\n${raw}`).toString('hex') },
      rateLimitMs,
      respond: (reply) =>
        status === 'published'
          ? { status: 201, body: { reply: publicReply(reply), status: 'published' } }
          : { status: 202, body: { reply: publicReply(reply), status: 'pending' } },
    });
    return postAnswer(c, outcome);
  });

  return app;
}

// Counts bytes as they arrive when there is no Content-Length, so a huge body is never buffered.
const replySizeLimit = (maxSize: number) =>
  bodyLimit({
    maxSize,
    onError: (c) => {
      // The rest of the body is never read, so the connection cannot carry another request.
      c.header('Connection', 'close');
      return fail(c, 'payload_too_large');
    },
  });

/** The HTTP answer to what the store made of a post. */
function postAnswer(c: Context, outcome: PostOutcome) {
  switch (outcome.kind) {
    case 'created':
    case 'replayed':
      return c.json(outcome.body, outcome.status as ContentfulStatusCode);
    case 'key-reused':
      return fail(c, 'idempotency_key_reused');
    case 'no-parent':
      return fail(c, 'invalid_reply', { parent: PARENT_NOT_FOUND });
    case 'duplicate':
      return fail(c, 'duplicate');
    case 'too-soon':
      c.header('Retry-After', String(outcome.retryAfterSeconds));
      return fail(c, 'too_many_requests');
    case 'unavailable':
      c.header('Retry-After', String(outcome.retryAfterSeconds));
      return fail(c, 'unavailable');
  }
}
