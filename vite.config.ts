import { defineConfig } from 'vite';

// `npm run build` uses this for the script-tag bundle: every element and its dependencies
// in one self-registering module (dist/article-widgets.js); code loaded on demand (the HTML
// sanitizer, format adapters) stays in separate chunks that only load when needed.
// `npm run dev` serves demo/ with live reload from the TypeScript sources.
export default defineConfig({
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: false,
    lib: {
      entry: 'src/define.ts',
      formats: ['es'],
      fileName: () => 'article-widgets.js',
    },
    rollupOptions: {
      output: { chunkFileNames: 'chunks/[name]-[hash].js' },
    },
    minify: true,
    sourcemap: true,
  },
  server: { host: '127.0.0.1', open: '/demo/' },
});
