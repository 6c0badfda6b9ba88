import { defineConfig, type Plugin } from 'vite';

// `npm run dev`: the demo served from the TypeScript sources with live reload. The demo page loads
// `../dist/article-widgets.js` like a site owner's page would; in dev that request is answered
// with the sources' entry instead, so no build is needed while working on the elements.
const sourcesForBundle = (): Plugin => ({
  name: 'article-widgets:dev-bundle-from-sources',
  configureServer(server) {
    server.middlewares.use((req, _res, next) => {
      if (req.url?.startsWith('/dist/article-widgets.js')) req.url = '/src/define.ts';
      next();
    });
  },
});

/**
 * Rolldown always puts its tiny runtime (namespace-object helpers, ~230 B) in a chunk of its own,
 * which the on-demand chunks import: one more round trip, after the validation chunk arrives and
 * before the article can render (measured by `npm run bench`: ~160 ms under slow-4G). This inlines
 * the runtime into each chunk that imports it and drops the separate file.
 */
const inlineRolldownRuntime = (): Plugin => ({
  name: 'article-widgets:inline-rolldown-runtime',
  apply: 'build',
  generateBundle(_options, bundle) {
    const runtime = Object.values(bundle).find((c) => c.type === 'chunk' && c.fileName.includes('rolldown-runtime'));
    if (!runtime || runtime.type !== 'chunk') return;
    const exports = /export\s*\{([^}]*)\};?\s*$/.exec(runtime.code);
    if (!exports) return;
    const body = runtime.code.slice(0, exports.index);
    const exported = new Map(
      exports[1].split(',').map((s) => s.trim().split(/\s+as\s+/)).map(([local, name = local]) => [name, local]),
    );
    const base = runtime.fileName.split('/').pop()!.replace(/\./g, '\\.');
    const importRe = new RegExp(`import\\s*\\{([^}]*)\\}\\s*from\\s*"[^"]*${base}";?`);
    for (const chunk of Object.values(bundle)) {
      if (chunk.type !== 'chunk' || chunk === runtime) continue;
      chunk.code = chunk.code.replace(importRe, (_all, names: string) => {
        const bindings = names.split(',').map((s) => s.trim().split(/\s+as\s+/)).map(([name, as = name]) => `${name}: ${as}`);
        const api = [...exported].map(([name, local]) => `${name}: ${local}`).join(', ');
        return `const { ${bindings.join(', ')} } = (() => {\n${body}\nreturn { ${api} };\n})();`;
      });
      chunk.imports = chunk.imports.filter((f) => f !== runtime.fileName);
    }
    delete bundle[runtime.fileName];
    delete bundle[`${runtime.fileName}.map`];
  },
});

// `npm run build` (scripts/build.mjs) uses `build` for the script-tag bundle: every element and what
// they need for the first paint in one self-registering module, dist/article-widgets.js; what only
// some articles need loads on demand from dist/chunks/ (and imports the shared code from the entry,
// so opening the page costs one request). Named groups keep those chunks apart.
export default defineConfig({
  plugins: [sourcesForBundle(), inlineRolldownRuntime()],
  server: { host: '127.0.0.1', port: 5173, open: false },
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: false,
    minify: true,
    sourcemap: true,
    lib: { entry: 'src/define.ts', formats: ['es'], fileName: () => 'article-widgets.js' },
    rolldownOptions: {
      // Lets shared modules stay in the entry chunk instead of moving into the groups below.
      preserveEntrySignatures: 'allow-extension',
      output: {
        chunkFileNames: 'chunks/[name]-[hash].js',
        // Lib mode keeps whitespace in ES output; a script-tag bundle has no reason to.
        minify: true,
        codeSplitting: {
          includeDependenciesRecursively: false,
          groups: [
            { name: 'validation', test: /node_modules[\\/]zod|src[\\/]data[\\/](article|reply|parse-article|validate|normalize)\.ts/ },
            { name: 'formats', test: /src[\\/]data[\\/]formats[\\/]/ },
            { name: 'sanitizer', test: /node_modules[\\/]dompurify|src[\\/]data[\\/]sanitize\.ts/ },
          ],
        },
      },
    },
  },
});
