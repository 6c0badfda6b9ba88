/** What is not the API: `GET /` and, with a static root, the demo and the built files. */
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';

export interface PageRoutesDeps {
  /** When set, serve `demo/` and `dist/` from this folder (the repository root). */
  staticRoot?: string;
  /** `GET /` redirects to this article's page. */
  homeArticle?: string;
}

export function pageRoutes({ staticRoot, homeArticle }: PageRoutesDeps): Hono {
  const app = new Hono();

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
