import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react-swc';
import { defineConfig } from 'vite';
import { compression } from 'vite-plugin-compression2';

const here = fileURLToPath(new URL('.', import.meta.url));

// Two pages: the app (index.html) and GraphiQL (graphiql.html), so GraphiQL's editor never weighs on
// the app's first load. Built into dist/web, which the server serves; `npm run web:dev` proxies the API.
export default defineConfig({
  root: here,
  // Brotli and gzip copies beside each asset, sent to browsers that accept them (a phone on a slow
  // line downloads the compressed size).
  plugins: [react(), compression({ algorithms: ['brotliCompress', 'gzip'], exclude: [/\.html$/] })],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
    // Read by bench/web/bundle-size.mjs: which chunks the first screen loads.
    manifest: true,
    rollupOptions: { input: { app: `${here}index.html`, graphiql: `${here}graphiql.html` } },
  },
  server: {
    proxy: { '/graphql': { target: 'http://127.0.0.1:3000', ws: true } },
  },
});
