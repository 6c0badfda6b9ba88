/** An article: as JSON (`GET /api/articles/:id`) and as a server-rendered page (`GET /articles/:id`). */
import { Hono } from 'hono';
import { html } from 'hono/html';
import { REPLIES_PAGE_SIZE } from '../../data/page-size.js';
import { published, type ArticleRepository } from '../articles.js';
import { fail } from '../http.js';
import type { ReplyStore } from '../store.js';
import { publicReply } from '../views.js';

export interface ArticleRoutesDeps {
  articles: ArticleRepository;
  store: ReplyStore;
  /** The script-tag bundle the pages load to hydrate; without it they have no script. */
  pageScriptUrl?: string;
}

export function articleRoutes({ articles, store, pageScriptUrl }: ArticleRoutesDeps): Hono {
  const app = new Hono();

  app.get('/api/articles/:id', async (c) => {
    const id = c.req.param('id');
    const article = await articles.load(id);
    if (!article) return fail(c, 'article_not_found');
    return c.json(published(article, id));
  });

  // The article as a page: server-rendered (declarative shadow DOM), readable with scripts off, with
  // the approved replies in the HTML. The bundle hydrates it from `/api/articles/:id`, the same
  // document it was rendered from, so both sides render identical values.
  app.get('/articles/:id', async (c) => {
    const id = c.req.param('id');
    const article = await articles.load(id);
    if (!article) {
      // hono/html escapes what it interpolates.
      return c.html(html`<!doctype html><html lang="en"><title>Not found</title><h1>Not found</h1><p>No article "${id}".</p></html>`, 404);
    }
    const [{ renderArticlePage }, page] = await Promise.all([
      import('../../ssr/render.js'),
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

  return app;
}
