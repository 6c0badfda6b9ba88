/**
 * The reference server's HTTP API (the contract in the README) as a Hono app. Pure: everything it
 * needs comes in through `createApp`'s options, so tests run it over real HTTP on any store.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { getConnInfo } from '@hono/node-server/conninfo';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { html } from 'hono/html';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ArticleSchema, type Article } from '../data/article.js';
import { validateReplyInput, type Reply } from '../data/reply.js';
import { REPLIES_PAGE_SIZE } from '../data/page-size.js';
import type { Moderation } from './config.js';
import type { Cursor, Order, ReplyStore, StoredReply, StoredStatus } from './store.js';

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
  /** Minimum ms between two posts from one sender (IP or email). Default 15 s; 0 disables (benchmarks). */
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

const ARTICLE_ID = /^[a-z0-9][a-z0-9-]{0,127}$/;
// Printable ASCII, as the IETF Idempotency-Key draft allows for keys (the form sends a UUID).
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
/**
 * 256 KiB: a comment at the 65525-byte limit can double in size once JSON escapes its quotes,
 * backslashes and newlines, so 128 KiB could refuse a valid reply.
 */
const MAX_BODY_BYTES = 256 * 1024;
const PARENT_NOT_FOUND = 'The reply you are answering was not found.';

const sha256 = (text: string) => createHash('sha256').update(text).digest();

function fail(c: Context, status: ContentfulStatusCode, code: string, message: string, fields?: Record<string, string>) {
  return c.json({ error: fields ? { code, message, fields } : { code, message } }, status);
}

/** What anyone may see of a reply. Built field by field so email and IP hash can never leak. */
function publicReply(r: StoredReply): Reply {
  return { id: r.id, parent: r.parent, name: r.name, website: r.website, comment: r.comment, published: r.published };
}

function adminReply(r: StoredReply) {
  return { ...publicReply(r), article: r.article, email: r.email, status: r.status };
}

const encodeCursor = (cursor: Cursor | null) =>
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
function pageQuery(c: Context): { limit: number; order: Order; after?: Cursor } | string {
  const { limit = String(REPLIES_PAGE_SIZE), cursor, order = 'asc' } = c.req.query();
  if (!/^\d{1,6}$/.test(limit) || Number(limit) < 1) return 'limit';
  if (order !== 'asc' && order !== 'desc') return 'order';
  const after = cursor === undefined ? undefined : decodeCursor(cursor);
  if (cursor !== undefined && !after) return 'cursor';
  return { limit: Math.min(Number(limit), 200), order, after };
}

const badQuery = (c: Context, name: string) =>
  fail(c, 400, 'invalid_query', `Invalid query parameter "${name}".`, { [name]: `Invalid ${name}.` });

function clientIp(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // Not running under @hono/node-server (e.g. app.request() in a unit test).
  }
}

export function createApp(options: AppOptions): Hono {
  const { store, contentDir, allowedOrigins = [], moderation = 'hold', staticRoot, homeArticle } = options;
  const pageScriptUrl = options.pageScriptUrl ?? (staticRoot ? '/dist/article-widgets.js' : undefined);
  const rateLimitMs = options.rateLimitMs ?? 15_000;
  if (!options.adminToken) throw new Error('createApp: adminToken must not be empty');
  const adminTokenHash = sha256(options.adminToken);

  /** The article `id`, or undefined when the id is malformed or no such file exists. */
  // Parsed articles by id, kept while the file's modification time is unchanged: every replies
  // request needs the article (does it exist, are comments open), and re-reading and validating the
  // file each time cost a large share of a request (`npm run bench`, server table).
  const articles = new Map<string, { mtimeMs: number; article: Article }>();

  async function loadArticle(id: string): Promise<Article | undefined> {
    // The strict id pattern is what keeps `../` and friends out of the file path.
    if (!ARTICLE_ID.test(id)) return undefined;
    const file = join(contentDir, `${id}.json`);
    let mtimeMs: number;
    try {
      mtimeMs = (await stat(file)).mtimeMs;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        articles.delete(id);
        return undefined;
      }
      throw error;
    }
    const cached = articles.get(id);
    if (cached?.mtimeMs === mtimeMs) return cached.article;
    const parsed = ArticleSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    if (!parsed.success) throw new Error(`${id}.json in ${contentDir} is not a valid article`);
    articles.set(id, { mtimeMs, article: parsed.data });
    return parsed.data;
  }


  const app = new Hono();

  app.onError((error, c) => {
    console.error(error);
    return fail(c, 500, 'internal', 'Something went wrong on the server.');
  });
  app.notFound((c) => fail(c, 404, 'not_found', 'Not found.'));

  app.use('*', async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'strict-origin-when-cross-origin');
    if (c.req.path.startsWith('/api/')) {
      // JSON is data, never a document: no caching of possibly private answers, no framing, no scripts.
      c.header('Cache-Control', 'no-store');
      c.header('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
    }
  });

  // Only the public API is open to other sites; the admin API is for curl and same-origin tools.
  app.use(
    '/api/articles/*',
    cors({
      origin: (origin) => (allowedOrigins.includes(origin) ? origin : null),
      allowMethods: ['GET', 'POST'],
      allowHeaders: ['Content-Type', 'Idempotency-Key'],
      exposeHeaders: ['Retry-After'],
      maxAge: 600,
    }),
  );

  /** The article as this server publishes it: replies go here unless it names another endpoint (relative to the article's URL). */
  function published(article: Article, id: string): Article {
    const comments = article.comments && { ...article.comments, endpoint: article.comments.endpoint ?? `/api/articles/${id}/replies` };
    return comments ? { ...article, comments } : article;
  }

  app.get('/api/articles/:id', async (c) => {
    const id = c.req.param('id');
    const article = await loadArticle(id);
    if (!article) return fail(c, 404, 'article_not_found', 'No such article.');
    return c.json(published(article, id));
  });

  // The article as a page: server-rendered (declarative shadow DOM), readable with scripts off, with
  // the approved replies in the HTML. The bundle hydrates it from `/api/articles/:id`, the same
  // document it was rendered from, so both sides render identical values.
  app.get('/articles/:id', async (c) => {
    const id = c.req.param('id');
    const article = await loadArticle(id);
    if (!article) {
      // hono/html escapes what it interpolates.
      return c.html(html`<!doctype html><html lang="en"><title>Not found</title><h1>Not found</h1><p>No article "${id}".</p></html>`, 404);
    }
    const [{ renderArticlePage }, page] = await Promise.all([
      import('../ssr/render.js'),
      article.comments ? store.list({ article: id, status: 'published', limit: REPLIES_PAGE_SIZE, order: 'asc' }) : undefined,
    ]);
    const rendered = await renderArticlePage(published(article, id), {
      src: `/api/articles/${id}`,
      scriptUrl: pageScriptUrl,
      replies: page?.replies.map(publicReply),
    });
    c.header('Cache-Control', 'no-cache');
    return c.html(rendered);
  });

  app.get('/api/articles/:id/replies', async (c) => {
    const id = c.req.param('id');
    if (!(await loadArticle(id))) return fail(c, 404, 'article_not_found', 'No such article.');
    const query = pageQuery(c);
    if (typeof query === 'string') return badQuery(c, query);
    const page = await store.list({ article: id, status: 'published', ...query });
    return c.json({ replies: page.replies.map(publicReply), total: page.total, next: encodeCursor(page.next) });
  });

  // JSON only: an HTML form can post only urlencoded, multipart or text/plain, so this refuses
  // cross-site form posts, and a cross-origin JSON post needs a CORS preflight we control.
  const requireJson: MiddlewareHandler = async (c, next) => {
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') return fail(c, 415, 'unsupported_media_type', 'Send the reply as application/json.');
    await next();
  };

  app.post(
    '/api/articles/:id/replies',
    requireJson,
    // Counts bytes as they arrive when there is no Content-Length, so a huge body is never buffered.
    bodyLimit({
      maxSize: options.maxBodyBytes ?? MAX_BODY_BYTES,
      onError: (c) => {
        // The rest of the body is never read, so the connection cannot carry another request.
        c.header('Connection', 'close');
        return fail(c, 413, 'payload_too_large', 'The reply is too large.');
      },
    }),
    async (c) => {
      const id = c.req.param('id');
      const article = await loadArticle(id);
      if (!article) return fail(c, 404, 'article_not_found', 'No such article.');
      if (!article.comments?.open) return fail(c, 403, 'comments_closed', 'Comments are closed.');

      const key = c.req.header('idempotency-key');
      if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
        return fail(c, 400, 'invalid_idempotency_key', 'Idempotency-Key must be 1-255 printable ASCII characters.');
      }
      const raw = await c.req.text();
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        return fail(c, 400, 'invalid_json', 'The request body is not valid JSON.');
      }
      const result = validateReplyInput(body);
      if (!result.ok) return fail(c, 400, 'invalid_reply', 'Please correct the marked fields.', result.fields);
      const input = result.value;

      // The form's hidden honeypot: only bots fill it. They are told "pending" and learn nothing.
      const honeypot = (body as { url_confirm?: unknown }).url_confirm;
      const isBot = honeypot !== undefined && honeypot !== null && honeypot !== '';
      const status: StoredStatus = isBot ? 'spam' : moderation === 'publish' ? 'published' : 'pending';

      const outcome = await store.post({
        reply: {
          article: id,
          parent: input.parent ?? null,
          name: input.name,
          email: input.email,
          website: input.website || null,
          comment: input.comment,
          status,
          ipHash: sha256(clientIp(c)).toString('hex'),
        },
        // The article id is part of the hash: the same body sent to another article is a different request.
        idempotency: key === undefined ? undefined : { key, requestHash: sha256(`${id}\n${raw}`).toString('hex') },
        rateLimitMs,
        respond: (reply) =>
          status === 'published'
            ? { status: 201, body: { reply: publicReply(reply), status: 'published' } }
            : { status: 202, body: { reply: publicReply(reply), status: 'pending' } },
      });

      switch (outcome.kind) {
        case 'created':
        case 'replayed':
          return c.json(outcome.body, outcome.status as ContentfulStatusCode);
        case 'key-reused':
          return fail(c, 422, 'idempotency_key_reused', 'This Idempotency-Key was already used for a different reply.');
        case 'no-parent':
          return fail(c, 400, 'invalid_reply', 'Please correct the marked fields.', { parent: PARENT_NOT_FOUND });
        case 'duplicate':
          return fail(c, 409, 'duplicate', 'Duplicate reply detected; it looks as though you have already said that.');
        case 'too-soon':
          c.header('Retry-After', String(outcome.retryAfterSeconds));
          return fail(c, 429, 'too_many_requests', 'You are posting replies too quickly. Please wait a moment.');
      }
    },
  );

  // Admin API. Both tokens are hashed first so the comparison takes the same time whatever the
  // length, and a wrong token and a missing one get the same answer.
  app.use('/api/admin/*', async (c, next) => {
    const match = /^Bearer +(\S+) *$/i.exec(c.req.header('authorization') ?? '');
    if (!match || !timingSafeEqual(sha256(match[1]!), adminTokenHash)) {
      c.header('WWW-Authenticate', 'Bearer');
      return fail(c, 401, 'unauthorized', 'Authentication required.');
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

  for (const [action, status] of [['approve', 'published'], ['spam', 'spam']] as const) {
    app.post(`/api/admin/replies/:replyId/${action}`, async (c) => {
      const reply = await store.setStatus(c.req.param('replyId'), status);
      return reply ? c.json({ reply: adminReply(reply) }) : fail(c, 404, 'reply_not_found', 'No such reply.');
    });
  }

  app.delete('/api/admin/replies/:replyId', async (c) =>
    (await store.remove(c.req.param('replyId'))) ? c.body(null, 204) : fail(c, 404, 'reply_not_found', 'No such reply.'),
  );

  if (homeArticle) app.get('/', (c) => c.redirect(`/articles/${encodeURIComponent(homeArticle)}`));

  if (staticRoot) {
    // Redirect rather than serve at `/`, so the demo's relative links resolve inside /demo/.
    if (!homeArticle) app.get('/', (c) => c.redirect('/demo/'));
    app.get('/demo', (c) => c.redirect('/demo/'));
    // serveStatic maps the URL path under `staticRoot` and refuses `..` segments, so only
    // files inside demo/ and dist/ can be reached.
    app.use('/demo/*', serveStatic({ root: staticRoot }));
    app.use('/dist/*', serveStatic({ root: staticRoot }));
  }

  return app;
}
