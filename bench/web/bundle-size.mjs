// The JavaScript a browser must load before the first screen (sign-in, then "my structure") can run:
// the app's entry chunk and every chunk it imports statically, from Vite's build manifest (lazy
// routes such as the dashboard, its charts and GraphiQL are not counted). Sizes as sent: gzip and
// brotli (the server sends the precompressed copies). Run after `npm run web:build`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';

const root = process.argv[2] ?? 'dist/web';
const manifest = JSON.parse(readFileSync(join(root, '.vite', 'manifest.json'), 'utf8'));

function initialChunks(key, seen = new Set()) {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const imported of manifest[key].imports ?? []) initialChunks(imported, seen);
  return seen;
}

const rows = [];
for (const [key, chunk] of Object.entries(manifest)) {
  if (!chunk.isEntry) continue;
  let raw = 0;
  let gzip = 0;
  let brotli = 0;
  for (const part of initialChunks(key)) {
    const bytes = readFileSync(join(root, manifest[part].file));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
    brotli += brotliCompressSync(bytes).length;
  }
  rows.push({ entry: key, raw, gzip, brotli });
}
const kb = (n) => (n / 1024).toFixed(1);
console.log('| entry | initial JS | gzip | brotli |');
console.log('| --- | ---: | ---: | ---: |');
for (const row of rows)
  console.log(`| ${row.entry} | ${kb(row.raw)} KiB | ${kb(row.gzip)} KiB | ${kb(row.brotli)} KiB |`);
