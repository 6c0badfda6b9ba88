/** The admin API (`/api/admin/*`, bearer token): list replies by status, approve, mark as spam, delete. */
import { timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import type { ProxyTrust } from '../client-ip.js';
import { sha256 } from '../hash.js';
import { badQuery, clientKey, encodeCursor, fail, pageQuery } from '../http.js';
import type { ReplyStore } from '../store.js';
import { adminReply } from '../views.js';

export interface AdminRoutesDeps {
  store: ReplyStore;
  adminToken: string;
  /** Whose forwarded headers tell the client's address (failed logins are counted per client). */
  trust: ProxyTrust;
  /** Failed logins from one client within a minute that lock it out for a minute; 0: no lock. */
  maxFailures: number;
}

/** How long failures are counted, and how long a client that reached the limit is locked out. */
const WINDOW_MS = 60_000;
const LOCK_MS = 60_000;
/** Clients remembered at most; past that the longest-unseen are forgotten, so memory stays bounded. */
const MAX_CLIENTS = 10_000;

/**
 * Failed admin logins per client key, kept in this process's memory. That is enough here: it only
 * slows guessing (a 32-character token is not guessed anyway), so losing it on restart, or each
 * process of several counting on its own, costs nothing that matters.
 */
export class LoginThrottle {
  readonly #clients = new Map<string, { failures: number[]; lockedUntil: number }>();

  constructor(readonly maxFailures: number) {}

  /** Seconds `key` must still wait, 0 when it may try. */
  wait(key: string, now = Date.now()): number {
    const lockedUntil = this.#clients.get(key)?.lockedUntil ?? 0;
    return lockedUntil > now ? Math.ceil((lockedUntil - now) / 1000) : 0;
  }

  failed(key: string, now = Date.now()): void {
    if (this.maxFailures <= 0) return;
    const entry = this.#clients.get(key) ?? { failures: [], lockedUntil: 0 };
    entry.failures = entry.failures.filter((time) => time > now - WINDOW_MS);
    entry.failures.push(now);
    if (entry.failures.length >= this.maxFailures) {
      entry.lockedUntil = now + LOCK_MS;
      entry.failures = [];
    }
    // Re-inserted, so the Map's order is from longest-unseen to latest.
    this.#clients.delete(key);
    this.#clients.set(key, entry);
    for (const [oldest] of this.#clients) {
      if (this.#clients.size <= MAX_CLIENTS) break;
      this.#clients.delete(oldest);
    }
  }
}

export function adminRoutes({ store, adminToken, trust, maxFailures }: AdminRoutesDeps): Hono {
  const app = new Hono();
  const adminTokenHash = sha256(adminToken);
  const throttle = new LoginThrottle(maxFailures);

  // Both tokens are hashed first so the comparison takes the same time whatever the length, and a
  // wrong token and a missing one get the same answer. A client locked out after repeated failures
  // gets 429 even with the right token, so a lucky guess during the lock tells it nothing.
  app.use('/api/admin/*', async (c, next) => {
    const key = clientKey(c, trust);
    const wait = throttle.wait(key);
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      return fail(c, 'too_many_attempts');
    }
    const match = /^Bearer +(\S+) *$/i.exec(c.req.header('authorization') ?? '');
    if (!match || !timingSafeEqual(sha256(match[1]!), adminTokenHash)) {
      throttle.failed(key);
      c.header('WWW-Authenticate', 'Bearer');
      return fail(c, 'unauthorized');
    }
    await next();
  });

  app.get('/api/admin/replies', async (c) => {
    const status = c.req.query('status') ?? 'pending';
    if (status !== 'pending' && status !== 'published' && status !== 'spam') return badQuery(c, 'status');
    const query = pageQuery(c);
    if (typeof query === 'string') return badQuery(c, query);
    const page = await store.list({ status, article: c.req.query('article'), ...query });
    return c.json({ replies: page.replies.map(adminReply), total: page.total, next: encodeCursor(page.next) });
  });

  for (const [action, status] of [
    ['approve', 'published'],
    ['spam', 'spam'],
  ] as const) {
    app.post(`/api/admin/replies/:replyId/${action}`, async (c) => {
      const reply = await store.setStatus(c.req.param('replyId'), status);
      return reply ? c.json({ reply: adminReply(reply) }) : fail(c, 'reply_not_found');
    });
  }

  app.delete('/api/admin/replies/:replyId', async (c) =>
    (await store.remove(c.req.param('replyId'))) ? c.body(null, 204) : fail(c, 'reply_not_found'),
  );

  return app;
}
