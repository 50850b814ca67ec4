import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, MercuriusDriverConfig } from '@nestjs/mercurius';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FastifyReply, FastifyRequest } from 'fastify';
import { GraphQLSchema } from 'graphql';
import { DataSource } from 'typeorm';
import { createRequestContext, requestDeadline } from './common/context';
import { graphqlErrorFormatter, PassErrorsToGraphqlFilter } from './common/graphql-errors';
import { validationRules } from './common/graphql-limits';
import { AuditModule } from './audit/audit.module';
import { DashboardsModule } from './dashboards/dashboards.module';
import { DataOutModule } from './interchange/data-out.module';
import { AccessModule } from './access/access.module';
import { AccountsModule } from './accounts/accounts.module';
import { AuthService } from './accounts/auth.service';
import { ImportModule } from './interchange/import/import.module';
import { LiveModule } from './live/live.module';
import { LiveService } from './live/live.service';
import { checkSubscriptionDocuments } from './live/subscription-documents';
import { AppConfig } from './config/app-config';
import { PolicyModule } from './config/policy.module';
import { dataSourceOptions } from './database/data-source-options';
import { InvalidationListener } from './database/invalidation';
import { QueryCounter } from './database/query-counter';
import { readRouting } from './database/read-routing';
import { ReadReplicas } from './database/replicas';
import { MeetingsModule } from './meetings/meetings.module';
import { OrgUnitsModule } from './org-units/org-units.module';
import { PeopleModule } from './people/people.module';
import { PositionsModule } from './positions/positions.module';
import { schema } from './registry';
import { SeedModule } from './seed/seed.module';
import { PREFLIGHT_HEADERS, requestErrorIs4xx } from './http/graphql-over-http';
import { automaticPersistedQueries } from './http/persisted-queries';
import { TerritoriesModule } from './territories/territories.module';

/** Wires the database, GraphQL and the feature modules for one resolved configuration. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig & { databaseUrl: string; embedded?: boolean }): DynamicModule {
    const queryCounter = new QueryCounter();
    const live = LiveModule.forRoot({ redisUrl: config.redisUrl });
    const options = (url: string) =>
      dataSourceOptions(
        schema,
        url,
        config.poolSize,
        queryCounter,
        config.embedded ?? false,
        config.preparedStatements,
      );
    // A replica is read from, never migrated; its connections are named so that they can be told
    // apart in pg_stat_activity, and a replica that does not answer is given up on quickly.
    const replicas = new ReadReplicas(
      {
        urls: config.replicaUrls,
        maxLagSeconds: config.replicaMaxLagSeconds,
        readAfterWriteSeconds: config.replicaReadAfterWriteSeconds,
      },
      (url) => {
        const base = options(url);
        return {
          ...base,
          migrationsRun: false,
          extra: { ...base.extra, application_name: 'tanzim-replica', connectionTimeoutMillis: 2_000 },
        } as typeof base;
      },
    );
    return {
      module: AppModule,
      imports: [
        PolicyModule.forRoot(config.confirmation),
        TypeOrmModule.forRoot(options(config.databaseUrl)),
        GraphQLModule.forRootAsync<MercuriusDriverConfig>({
          driver: MercuriusDriver,
          imports: [AccountsModule, live],
          inject: [DataSource, AuthService, LiveService],
          useFactory: (dataSource: DataSource, auth: AuthService, liveService: LiveService) => ({
            autoSchemaFile: true,
            sortSchema: true,
            // Code-first has no decorator for the root types: described here, like every other type.
            transformSchema: (schema: GraphQLSchema) => {
              schema.getQueryType()!.description = 'Reads, limited to what the caller may see.';
              schema.getMutationType()!.description =
                'Writes: each runs in one transaction with its audit event, or changes nothing.';
              schema.getSubscriptionType()!.description =
                'Live updates over WebSocket (graphql-transport-ws), limited to what the caller may see.';
              return schema;
            },
            path: '/graphql',
            // GraphiQL is the bundled page at /graphiql (src/web-app), not Mercurius's CDN one.
            graphiql: false,
            jit: 1,
            // Who is calling is settled once per request, before any resolver runs.
            context: async (request: FastifyRequest, reply: FastifyReply) => {
              // A statement can be cancelled on a server; PGlite cannot interrupt one (common/search.ts).
              const deadline = requestDeadline(reply.raw, config.searchTimeout, !config.embedded);
              try {
                const { actor, rejected } = await auth.resolve(request.headers.authorization);
                return createRequestContext(
                  dataSource.manager,
                  String(request.id),
                  actor,
                  rejected,
                  request.ip,
                  deadline,
                );
              } catch {
                // The database is unreachable: refuse every operation with a retryable code, never a 500.
                return {
                  ...createRequestContext(dataSource.manager, String(request.id), null, false, request.ip),
                  databaseUnavailable: true,
                };
              }
            },
            errorFormatter: graphqlErrorFormatter({
              suggestions: config.limits.introspection,
              requestErrorsBy4xx: requestErrorIs4xx,
            }) as MercuriusDriverConfig['errorFormatter'],
            validationRules: validationRules(config.limits),
            // Only JSON POSTs (or GETs with a preflight-forcing header) run: a form post cannot.
            csrfPrevention: { requiredHeaders: PREFLIGHT_HEADERS },
            // Apollo's automatic persisted queries: a known document is sent by its hash alone.
            persistedQueryProvider: automaticPersistedQueries(),
            allowBatchedQueries: false,
            // WebSocket on the same path; the caller's credentials come in connection_init.
            subscription: liveService.subscriptionOptions(),
            hooks: {
              preSubscriptionExecution: checkSubscriptionDocuments(config.limits),
              ...(replicas.configured ? readRouting(replicas) : {}),
            },
          }),
        }),
        TerritoriesModule,
        OrgUnitsModule,
        PeopleModule,
        PositionsModule,
        MeetingsModule,
        DashboardsModule,
        DataOutModule,
        AccessModule,
        AccountsModule,
        AuditModule,
        ImportModule,
        live,
        SeedModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: PassErrorsToGraphqlFilter },
        { provide: QueryCounter, useValue: queryCounter },
        { provide: ReadReplicas, useValue: replicas },
        // On a server, several instances may share the database: each hears what the others change.
        // The embedded database has one instance by construction (its directory is locked).
        ...(config.embedded
          ? []
          : [
              {
                provide: InvalidationListener,
                useValue: new InvalidationListener(config.databaseListenUrl ?? config.databaseUrl),
              },
            ]),
      ],
      exports: [QueryCounter, ReadReplicas],
    };
  }
}
