/** The admin API (`/api/admin/*`, bearer token): list replies by status, approve, mark as spam, delete. */
import { timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { sha256 } from '../hash.js';
import { badQuery, encodeCursor, fail, pageQuery } from '../http.js';
import type { ReplyStore } from '../store.js';
import { adminReply } from '../views.js';

export interface AdminRoutesDeps {
  store: ReplyStore;
  adminToken: string;
}

export function adminRoutes({ store, adminToken }: AdminRoutesDeps): Hono {
  const app = new Hono();
  const adminTokenHash = sha256(adminToken);

  // Both tokens are hashed first so the comparison takes the same time whatever the length, and a
  // wrong token and a missing one get the same answer.
  app.use('/api/admin/*', async (c, next) => {
    const match = /^Bearer +(\S+) *$/i.exec(c.req.header('authorization') ?? '');
    if (!match || !timingSafeEqual(sha256(match[1]!), adminTokenHash)) {
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
