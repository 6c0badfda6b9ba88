import { defineConfig, type Plugin } from 'vite';

// `npm run dev`: the demo served from the TypeScript sources with live reload. The demo page loads
// `../dist/article-widgets.js` like a site owner's page would; in dev that request is answered
// with the sources' entry instead, so no build is needed while working on the elements.
// (`npm run build` bundles with esbuild, see scripts/build.mjs.)
const sourcesForBundle = (): Plugin => ({
  name: 'article-widgets:dev-bundle-from-sources',
  configureServer(server) {
    server.middlewares.use((req, _res, next) => {
      if (req.url?.startsWith('/dist/article-widgets.js')) req.url = '/src/define.ts';
      next();
    });
  },
});

export default defineConfig({
  plugins: [sourcesForBundle()],
  server: { host: '127.0.0.1', port: 5173, open: false },
});
