import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
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
  const adapter = new FastifyAdapter({ genReqId: () => randomUUID(), bodyLimit: 1024 * 1024 });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: logLevels(config.logLevel),
  });
  app.useGlobalPipes(new ValidationPipe({ transform: true, forbidUnknownValues: false }));
  await app.init();
  await app.get(SeedService).run(config.seed);
  if (config.adminEmail && config.adminPassword) {
    await app.get(AuthService).ensureNationalAdmin(config.adminEmail, config.adminPassword);
  }
  return app;
}

function logLevels(level: AppConfig['logLevel']): ('error' | 'warn' | 'log' | 'debug')[] {
  const order = ['error', 'warn', 'log', 'debug'] as const;
  return order.slice(0, order.indexOf(level) + 1);
}
