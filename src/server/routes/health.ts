/** `GET /healthz`, for a load balancer or process monitor: 200 when the store answers, 503 when not. */
import { Hono } from 'hono';
import type { ReplyStore } from '../store.js';

/** A store that has not answered within this long counts as down (a hung pool, an unreachable database). */
const HEALTH_TIMEOUT_MS = 2000;

export interface HealthRoutesDeps {
  store: ReplyStore;
}

export function healthRoutes({ store }: HealthRoutesDeps): Hono {
  const app = new Hono();
  let healthy = true;

  app.get('/healthz', async (c) => {
    // Never cached: every probe must reach the store.
    c.header('Cache-Control', 'no-store');
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        store.list({ status: 'published', limit: 1, order: 'asc' }),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${HEALTH_TIMEOUT_MS} ms`)), HEALTH_TIMEOUT_MS);
        }),
      ]);
    } catch (error) {
      // Logged when it starts failing, not on every probe of a monitor that polls.
      if (healthy) console.error(`healthz: the store does not answer: ${(error as Error | null)?.message ?? String(error)}`);
      healthy = false;
      return c.json({ ok: false }, 503);
    } finally {
      clearTimeout(timer);
    }
    if (!healthy) console.error('healthz: the store answers again');
    healthy = true;
    return c.json({ ok: true });
  });

  return app;
}
