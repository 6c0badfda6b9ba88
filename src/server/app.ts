/**
 * The reference server's HTTP API (the contract in the README) as a Hono app. Pure: everything it
 * needs comes in through `createApp`'s options, so tests run it over real HTTP on any store.
 * The routes are in routes/, what they share in http.ts; this puts them together, in this order.
 */
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { articleFiles } from './articles.js';
import { TRUST_NOTHING, type ProxyTrust } from './client-ip.js';
import type { Moderation } from './config.js';
import { notFound, onError, publicApiCors, securityHeaders } from './http.js';
import { adminRoutes } from './routes/admin.js';
import { articleRoutes } from './routes/articles.js';
import { healthRoutes } from './routes/health.js';
import { pageRoutes } from './routes/pages.js';
import { replyRoutes } from './routes/replies.js';
import type { ReplyStore } from './store.js';

export interface AppOptions {
  store: ReplyStore;
  /** Folder of `<id>.json` article files. */
  contentDir: string;
  adminToken: string;
  /** Origins allowed to call the public API from the browser, compared exactly. */
  allowedOrigins?: readonly string[];
  /** `hold` (default): new replies wait for approval; `publish`: they appear at once. */
  moderation?: Moderation;
  /** When set, also serve `demo/` and `dist/` from this folder (the repository root). */
  staticRoot?: string;
  /** Minimum ms between two posts from one client IP (not the email). Default 15 s; 0 disables (benchmarks). */
  rateLimitMs?: number;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes?: number;
  /**
   * URL of the script-tag bundle that server-rendered article pages (`GET /articles/:id`) load to
   * hydrate. Default: `/dist/article-widgets.js` when `staticRoot` is set; otherwise the pages have no script.
   */
  pageScriptUrl?: string;
  /** `GET /` redirects to this article's page. Default: to the demo, when `staticRoot` is set. */
  homeArticle?: string;
  /** Whose forwarded headers tell the client's address (`parseTrustProxy`). Default: nobody's. */
  trustProxy?: ProxyTrust;
  /**
   * Key of the stored IP hashes (HMAC-SHA256; at least 32 characters). main.ts passes `SECRET` or the
   * one kept in `DATA_DIR/secret`. Default: random for this app, so the hashes (and the flood limit
   * across a restart) match only within this process.
   */
  ipSecret?: string | Buffer;
  /** New replies to an article with this many pending get 429 `moderation_queue_full`. Default 200; 0: no cap. */
  maxPendingPerArticle?: number;
  /** Failed admin logins from one client within a minute before it gets 429 for a minute. Default 5; 0: never. */
  maxAdminFailures?: number;
}

export function createApp(options: AppOptions): Hono {
  const { store, adminToken, allowedOrigins = [], moderation = 'hold', staticRoot, homeArticle } = options;
  if (!adminToken) throw new Error('createApp: adminToken must not be empty');
  const articles = articleFiles(options.contentDir);
  const pageScriptUrl = options.pageScriptUrl ?? (staticRoot ? '/dist/article-widgets.js' : undefined);
  const rateLimitMs = options.rateLimitMs ?? 15_000;
  const trust = options.trustProxy ?? TRUST_NOTHING;
  const ipSecret = options.ipSecret ?? randomBytes(32);
  if (ipSecret.length < 32) throw new Error('createApp: ipSecret must be at least 32 characters');
  const maxPendingPerArticle = options.maxPendingPerArticle ?? 200;

  // Middleware first: it applies to the routes mounted after it.
  const app = new Hono();
  app.onError(onError);
  app.notFound(notFound);
  app.use('*', securityHeaders);
  app.use('/api/articles/*', publicApiCors(allowedOrigins));

  app.route('/', articleRoutes({ articles, store, pageScriptUrl }));
  app.route(
    '/',
    replyRoutes({ articles, store, moderation, rateLimitMs, maxBodyBytes: options.maxBodyBytes, trust, ipSecret, maxPendingPerArticle }),
  );
  app.route('/', adminRoutes({ store, adminToken, trust, maxFailures: options.maxAdminFailures ?? 5 }));
  app.route('/', healthRoutes({ store }));
  app.route('/', pageRoutes({ staticRoot, homeArticle }));
  return app;
}
