/** What is not the API: `GET /` and, with a static root, the demo and the built files. */
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context } from 'hono';

/**
 * Built chunks are named by their content hash (`dist/chunks/name-HASH.js`): a CDN or browser may keep
 * them for a year. Everything else keeps its name across releases (the entry bundle, the demo):
 * revalidated on every use, so a new release reaches readers at once.
 */
const cacheControl = (path: string, c: Context) =>
  c.header('Cache-Control', /[\\/]dist[\\/]chunks[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');

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
    app.use('/demo/*', serveStatic({ root: staticRoot, onFound: cacheControl }));
    app.use('/dist/*', serveStatic({ root: staticRoot, onFound: cacheControl }));
  }

  return app;
}
