/**
 * The reference server's HTTP API (the contract in the README) as a Hono app. Pure: everything it
 * needs comes in through `createApp`'s options, so tests run it over real HTTP on any store.
 * The routes are in routes/, what they share in http.ts; this puts them together, in this order.
 */
import { Hono } from 'hono';
import { articleFiles } from './articles.js';
import type { Moderation } from './config.js';
import { notFound, onError, publicApiCors, securityHeaders } from './http.js';
import { adminRoutes } from './routes/admin.js';
import { articleRoutes } from './routes/articles.js';
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
}

export function createApp(options: AppOptions): Hono {
  const { store, adminToken, allowedOrigins = [], moderation = 'hold', staticRoot, homeArticle } = options;
  if (!adminToken) throw new Error('createApp: adminToken must not be empty');
  const articles = articleFiles(options.contentDir);
  const pageScriptUrl = options.pageScriptUrl ?? (staticRoot ? '/dist/article-widgets.js' : undefined);
  const rateLimitMs = options.rateLimitMs ?? 15_000;

  // Middleware first: it applies to the routes mounted after it.
  const app = new Hono();
  app.onError(onError);
  app.notFound(notFound);
  app.use('*', securityHeaders);
  app.use('/api/articles/*', publicApiCors(allowedOrigins));

  app.route('/', articleRoutes({ articles, store, pageScriptUrl }));
  app.route('/', replyRoutes({ articles, store, moderation, rateLimitMs, maxBodyBytes: options.maxBodyBytes }));
  app.route('/', adminRoutes({ store, adminToken }));
  app.route('/', pageRoutes({ staticRoot, homeArticle }));
  return app;
}
