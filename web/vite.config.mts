import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react-swc';
import moment from 'moment-timezone';
import { defineConfig, type Plugin } from 'vite';
import { compression } from 'vite-plugin-compression2';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * `virtual:casablanca-zone`: Morocco's clock changes, from the same `moment-timezone` as the server's
 * clock, unpacked at build time. Only this one zone reaches the phone: neither moment nor the
 * package's 700 kB of every zone's rules.
 */
function casablancaZone(): Plugin {
  const id = 'virtual:casablanca-zone';
  return {
    name: 'casablanca-zone',
    resolveId: (source) => (source === id ? `\0${id}` : undefined),
    load(loaded) {
      if (loaded !== `\0${id}`) return undefined;
      const zone = moment.tz.zone('Africa/Casablanca')!;
      // The last change has no end (Infinity, which JSON cannot carry): it is left out.
      const changes = zone.untils.slice(0, -1);
      return `export default ${JSON.stringify({ changes, minutesWest: zone.offsets })};`;
    },
  };
}

// Two pages: the app (index.html) and GraphiQL (graphiql.html), so GraphiQL's editor never weighs on
// the app's first load. Built into dist/web, which the server serves; `npm run web:dev` proxies the API.
export default defineConfig({
  root: here,
  // Brotli and gzip copies beside each asset, sent to browsers that accept them (a phone on a slow
  // line downloads the compressed size).
  plugins: [
    react(),
    casablancaZone(),
    compression({ algorithms: ['brotliCompress', 'gzip'], exclude: [/\.html$/] }),
  ],
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
