import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { tooManyTokens } from './common/graphql-limits';
import { registerHealthRoutes } from './health/health';
import { AuthService } from './auth/auth.service';
import { AppConfig } from './config/app-config';
import { SeedService } from './seed/seed.service';

/**
 * Builds the application on a running database: migrations run while connecting, then the seed
 * (reference and demo data, as configured). Used by `main.ts`, the schema script and the tests.
 */
export async function createApp(
  config: AppConfig & { databaseUrl: string },
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ genReqId: () => randomUUID(), bodyLimit: 1024 * 1024, requestTimeout: 30_000 });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: logLevels(config.logLevel),
  });
  app.useGlobalPipes(new ValidationPipe({ transform: true, forbidUnknownValues: false }));
  refuseHugeDocuments(app, config.limits.maxTokens);
  registerHealthRoutes(app, app.get(DataSource));
  await app.init();
  await app.get(SeedService).run(config.seed);
  if (config.adminEmail && config.adminPassword) {
    await app.get(AuthService).ensureNationalAdmin(config.adminEmail, config.adminPassword);
  }
  return app;
}

/** Counts a document's tokens before it is parsed: an oversized document costs no parsing and no SQL. */
function refuseHugeDocuments(app: NestFastifyApplication, maxTokens: number): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('preValidation', async (request, reply) => {
      if (!request.url.startsWith('/graphql')) return;
      const query = (request.body as { query?: unknown } | undefined)?.query ?? (request.query as { query?: unknown }).query;
      if (typeof query === 'string' && tooManyTokens(query, maxTokens)) {
        await reply.code(400).send({
          data: null,
          errors: [{ message: `A document may hold at most ${maxTokens} tokens.`, extensions: { code: 'BAD_USER_INPUT' } }],
        });
      }
    });
}

function logLevels(level: AppConfig['logLevel']): ('error' | 'warn' | 'log' | 'debug')[] {
  const order = ['error', 'warn', 'log', 'debug'] as const;
  return order.slice(0, order.indexOf(level) + 1);
}
