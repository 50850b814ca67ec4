import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyRequest, LogController } from 'fastify';
import { getOperationAST, parse } from 'graphql';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { tooManyTokens } from './common/graphql-limits';
import { InputValidationPipe } from './common/validation';
import { registerHealthRoutes } from './health/health';
import { ReadReplicas } from './database/replicas';
import { createLogger } from './http/logging';
import { registerMetrics } from './http/metrics';
import { PREFLIGHT_HEADERS, speakGraphqlOverHttp } from './http/graphql-over-http';
import { registerImportRoutes } from './interchange/import/import.routes';
import { registerDataOutRoutes } from './interchange/data-out.routes';
import { LiveService } from './live/live.service';
import { AuthService } from './accounts/auth.service';
import { AppConfig } from './config/app-config';
import { SeedService } from './seed/seed.service';
import { serveWebApp } from './web-app/serve-web-app';

/**
 * Builds the application on a running database: migrations run while connecting, then the seed
 * (reference and demo data, as configured). Used by `main.ts`, the schema script and the tests.
 */
export async function createApp(
  config: AppConfig & { databaseUrl: string; embedded?: boolean },
): Promise<NestFastifyApplication> {
  const log = createLogger(config.logLevel);
  const adapter = new FastifyAdapter({
    genReqId: () => randomUUID(),
    bodyLimit: 1024 * 1024,
    requestTimeout: 30_000,
    // request.ip is the socket's address unless a trusted proxy is configured (TRUST_PROXY).
    trustProxy: config.trustProxy,
    loggerInstance: log.logger,
    // Fastify's own per-request lines are off: logRequests writes one line per request instead.
    logController: new LogController({ disableRequestLogging: true }),
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    // Nest's own lines (and our Logger calls: unexpected errors, seeding) go to the same pino logger.
    logger: log.nest,
  });
  app.useGlobalPipes(new InputValidationPipe());
  allowCrossOrigin(app, config.corsOrigins);
  refuseHugeDocuments(app, config.limits.maxTokens);
  refuseHugeResponses(app, config.limits.maxResponseBytes);
  speakGraphqlOverHttp(app);
  logRequests(app);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onClose', (_instance, done) => {
      log.close();
      done();
    });
  const live = app.get(LiveService);
  const replicas = app.get(ReadReplicas);
  registerHealthRoutes(
    app,
    app.get(DataSource),
    () => live.liveUpdates,
    () => replicas.report(),
  );
  registerMetrics(app, {
    token: config.metricsToken,
    dataSource: app.get(DataSource),
    subscriptions: () => live.subscriptionCount,
  });
  await serveWebApp(app, { root: config.webRoot, graphiql: config.graphiql });
  registerImportRoutes(app);
  registerDataOutRoutes(app);
  await app.init();
  await app.get(SeedService).run(config.seed);
  if (config.adminEmail && config.adminPassword) {
    await app.get(AuthService).ensureNationalAdmin(config.adminEmail, config.adminPassword);
  }
  return app;
}

/**
 * Pages on the listed origins may call /graphql from a browser with a bearer token (dashboards served
 * elsewhere); preflights are answered. Any other origin gets no CORS header, so its page cannot read
 * an answer. Credentials travel in the Authorization header, never in cookies: none are allowed.
 */
function allowCrossOrigin(app: NestFastifyApplication, origins: string[]): void {
  if (origins.length === 0) return;
  const allowed = new Set(origins);
  app.enableCors({
    // Decided per request: a refused origin (or none) gets no CORS header at all, preflight included.
    origin: (origin: string | undefined, answer: (error: Error | null, allow: boolean) => void) =>
      answer(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'POST'],
    allowedHeaders: [
      'authorization',
      'content-type',
      'accept',
      'accept-language',
      ...PREFLIGHT_HEADERS.filter((header) => header !== 'sec-websocket-key'),
    ],
    maxAge: 600,
  });
}

/**
 * Looks at a document before it is parsed: one that is not a string, or has too many tokens, is
 * refused with a coded error and costs no parsing and no SQL.
 */
function refuseHugeDocuments(app: NestFastifyApplication, maxTokens: number): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('preValidation', async (request, reply) => {
      if (!request.url.startsWith('/graphql')) return;
      const query =
        (request.body as { query?: unknown } | undefined)?.query ??
        (request.query as { query?: unknown }).query;
      const refusal =
        query !== undefined && typeof query !== 'string'
          ? 'The query must be a string.'
          : typeof query === 'string' && tooManyTokens(query, maxTokens)
            ? `A document may hold at most ${maxTokens} tokens.`
            : null;
      if (refusal) {
        await reply
          .code(400)
          .send({ data: null, errors: [{ message: refusal, extensions: { code: 'BAD_USER_INPUT' } }] });
      }
    });
}

/**
 * Replaces a GraphQL answer larger than `maxBytes` with a coded error, whole and valid JSON (never a
 * cut one), so no client receives, and no proxy buffers, an answer of unbounded size. The cost limit
 * is what keeps such work from starting; this is the bound on what a request can send back when the
 * data outgrew the estimate. A mutation's change is kept: the error says so.
 */
function refuseHugeResponses(app: NestFastifyApplication, maxBytes: number): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', async (request, _reply, payload) => {
      if (!request.url.startsWith('/graphql') || typeof payload !== 'string') return payload;
      // A UTF-16 unit becomes at most three bytes: most answers are judged without encoding them.
      if (payload.length * 3 <= maxBytes || Buffer.byteLength(payload) <= maxBytes) return payload;
      const applied = isMutation(request);
      return JSON.stringify({
        data: null,
        errors: [
          {
            message:
              `The answer is larger than ${maxBytes} bytes and was not sent; ask for fewer rows or fields.` +
              (applied ? ' The mutation was applied.' : ''),
            extensions: { code: 'BAD_USER_INPUT', maxResponseBytes: maxBytes, applied },
          },
        ],
      });
    });
}

function isMutation(request: FastifyRequest): boolean {
  const body = request.body as { query?: unknown; operationName?: unknown } | undefined;
  if (typeof body?.query !== 'string') return false;
  try {
    const name = typeof body.operationName === 'string' ? body.operationName : undefined;
    return getOperationAST(parse(body.query), name)?.operation === 'mutation';
  } catch {
    return false;
  }
}

/** One log line per request: GraphQL operation, status, duration (pino adds the request id). Never variables or headers. */
function logRequests(app: NestFastifyApplication): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onResponse', async (request, reply) => {
      const body = request.body as { operationName?: unknown; query?: unknown } | undefined;
      const query = typeof body?.query === 'string' ? body.query : '';
      const operation =
        (typeof body?.operationName === 'string' && body.operationName) ||
        /^\s*(?:query|mutation)?\s*\w*\s*(?:\([^)]*\))?\s*\{\s*(\w+)/.exec(query)?.[1] ||
        undefined;
      request.log.info(
        {
          url: request.url.split('?')[0],
          operation,
          status: reply.statusCode,
          ms: Math.round(reply.elapsedTime),
        },
        'request',
      );
    });
}
