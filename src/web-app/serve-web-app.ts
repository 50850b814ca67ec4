import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';

/**
 * What a browser may load for the app's pages: only this server's own scripts (no inline script, no
 * other origin), so a name or note holding markup can never run, and a stolen page cannot be framed.
 * Mantine sets styles inline; GraphiQL's editor runs its workers from this origin.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  // A page names its scripts by content hash: it must be revalidated to pick up a new build.
  'cache-control': 'no-cache',
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/**
 * The browser app and GraphiQL, built by `npm run web:build` into `root`: hashed assets cached for a
 * year, the two pages revalidated, and every other GET the API does not answer gets the app's page
 * (its router shows the screen, or "not found"). Without a build, `/` says how to make one.
 */
export async function serveWebApp(
  app: NestFastifyApplication,
  options: { root: string; graphiql: boolean },
): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  const appPage = join(options.root, 'index.html');
  if (!existsSync(appPage)) {
    fastify.get('/', (_request, reply) =>
      reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The web app is not built: run `npm run web:build` (npm start does it).'),
    );
    return;
  }
  const appHtml = readFileSync(appPage);
  const graphiqlHtml = readFileSync(join(options.root, 'graphiql.html'));
  await fastify.register(fastifyStatic, {
    root: join(options.root, 'assets'),
    prefix: '/assets/',
    // Only the files of the build, listed once: no directory listing, no path guessing.
    wildcard: false,
    index: false,
    // The build writes .br and .gz copies of every asset: sent as such to browsers that accept them.
    preCompressed: true,
    cacheControl: false,
    setHeaders: (response) => {
      response.header('cache-control', 'public, max-age=31536000, immutable');
      response.header('x-content-type-options', 'nosniff');
    },
  });
  const favicon = join(options.root, 'favicon.svg');
  if (existsSync(favicon)) {
    const icon = readFileSync(favicon);
    fastify.get('/favicon.svg', (_request, reply) =>
      reply.header('cache-control', 'public, max-age=86400').type('image/svg+xml').send(icon),
    );
  }
  const page = (html: Buffer) => (_request: unknown, reply: FastifyReply) =>
    reply.headers(PAGE_HEADERS).send(html);
  if (options.graphiql) fastify.get('/graphiql', page(graphiqlHtml));
  fastify.get('/', page(appHtml));
  fastify.get('/*', page(appHtml));
}
