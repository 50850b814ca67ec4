import { resolve } from 'node:path';
import { ConfirmationPolicy } from '../common/confirmation';
import { DEFAULT_LIMITS, GraphqlLimits } from '../common/graphql-limits';

export type SeedMode = 'demo' | 'reference' | 'none';

/** Everything the process reads from its environment, validated once at start. */
export interface AppConfig {
  port: number;
  host: string;
  /** External PostgreSQL; when absent, Tanzim runs embedded PGlite under `dataDir`. */
  databaseUrl?: string;
  /**
   * A direct connection to the same database for hearing other instances' changes (LISTEN), when
   * DATABASE_URL goes through a pooler in transaction mode; DATABASE_URL by default.
   */
  databaseListenUrl?: string;
  /** Prepare the few statements marked so (false behind a pooler that cannot carry them, as PgBouncer < 1.21). */
  preparedStatements: boolean;
  /**
   * Read replicas of DATABASE_URL (streaming standbys): reads that may be a little behind go there
   * (database/replicas.ts); none by default.
   */
  replicaUrls: string[];
  /** A replica further behind than this many seconds is skipped. */
  replicaMaxLagSeconds: number;
  /** A caller who wrote this many seconds ago or less reads from the primary. */
  replicaReadAfterWriteSeconds: number;
  dataDir: string;
  /**
   * Connections in the pool. Embedded PGlite always gets 1 (also its connection limit): it has a
   * single session, and with several multiplexed connections under concurrent transactions a read
   * was seen to come back empty. One connection queues requests instead, which PGlite does anyway.
   */
  poolSize: number;
  /**
   * Milliseconds from a request's arrival until its search is stopped and answered SERVICE_UNAVAILABLE
   * (retryable); a search also stops when its client goes away (common/search.ts).
   */
  searchTimeout: number;
  /** 'demo' (reference territories + the Tangier–Asilah demo), 'reference' (territories only), 'none'. */
  seed: SeedMode;
  /** GraphiQL (bundled with the web app) at /graphiql. */
  graphiql: boolean;
  /** The built web app (`npm run web:build`), served at `/`. */
  webRoot: string;
  /** Limits on every GraphQL document (depth, aliases, directives, tokens, cost, introspection). */
  limits: GraphqlLimits;
  logLevel: 'error' | 'warn' | 'log' | 'debug';
  /**
   * Which peers are trusted proxies whose X-Forwarded-For gives the client's address (the source the
   * sign-in throttle counts): false (none: the socket's address), true (any), or these addresses.
   */
  trustProxy: boolean | string[];
  /** With adminPassword: a national administrator account created at start if missing. */
  adminEmail?: string;
  adminPassword?: string;
  /** Origins whose pages may call /graphql from a browser (CORS); none by default. */
  corsOrigins: string[];
  /** Redis for live updates across instances; in-process when absent (one instance). */
  redisUrl?: string;
  /** When a mandate of unknown start reads as unconfirmed, and whether it still grants access. */
  confirmation: ConfirmationPolicy;
  /** The bearer token `/metrics` asks for; without one, `/metrics` is not served. */
  metricsToken?: string;
}

export class ConfigError extends Error {}

function integer(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}".`);
  }
  return value;
}

function oneOf<T extends string>(
  name: string,
  raw: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (raw === undefined || raw === '') return fallback;
  if (!allowed.includes(raw as T)) {
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${raw}".`);
  }
  return raw as T;
}

function corsOrigins(raw: string | undefined): string[] {
  if (raw === undefined || raw.trim() === '') return [];
  const origins = raw.split(',').map((origin) => origin.trim().replace(/\/$/, ''));
  for (const origin of origins) {
    const parsed = URL.canParse(origin) ? new URL(origin) : null;
    // An origin is a scheme, host and port: no path, no wildcard (a page's origin is compared exactly).
    if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin) {
      throw new ConfigError(
        `CORS_ORIGINS must list origins such as https://dashboard.example.org, got "${origin}".`,
      );
    }
  }
  return origins;
}

function redisUrl(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!/^rediss?:\/\//.test(raw)) throw new ConfigError('REDIS_URL must be a redis:// or rediss:// URL.');
  return raw;
}

function metricsToken(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (raw.length < 16) throw new ConfigError('METRICS_TOKEN must be at least 16 characters long.');
  return raw;
}

function trustProxy(raw: string | undefined): boolean | string[] {
  if (raw === undefined || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  const addresses = raw.split(',').map((address) => address.trim());
  if (!addresses.every((address) => /^[0-9a-f.:]+(\/\d{1,3})?$/i.test(address))) {
    throw new ConfigError(`TRUST_PROXY must be true, false or a list of addresses, got "${raw}".`);
  }
  return addresses;
}

/**
 * The demo's accounts share a published password: in production it is loaded only when asked for
 * twice (SEED=demo and ALLOW_DEMO=true), never by default.
 */
function seedMode(env: NodeJS.ProcessEnv, production: boolean): SeedMode {
  const seed = oneOf(
    'SEED',
    env.SEED,
    ['demo', 'reference', 'none'] as const,
    production ? 'reference' : 'demo',
  );
  const allowDemo = oneOf('ALLOW_DEMO', env.ALLOW_DEMO, ['true', 'false'] as const, 'false') === 'true';
  if (seed === 'demo' && production && !allowDemo) {
    throw new ConfigError(
      'SEED=demo creates accounts with a published password; with NODE_ENV=production it also needs ALLOW_DEMO=true (or use SEED=reference or SEED=none).',
    );
  }
  return seed;
}

function postgresUrl(name: string, raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  if (!/^postgres(ql)?:\/\//.test(raw)) {
    throw new ConfigError(`${name} must be a postgres:// or postgresql:// URL.`);
  }
  return raw;
}

function replicaUrls(raw: string | undefined, databaseUrl: string | undefined): string[] {
  if (!raw) return [];
  if (!databaseUrl) {
    throw new ConfigError('DATABASE_REPLICA_URLS needs DATABASE_URL: the embedded database has no replicas.');
  }
  return raw
    .split(',')
    .map((url) => url.trim())
    .filter((url) => url !== '')
    .map((url) => postgresUrl('DATABASE_REPLICA_URLS', url)!);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const databaseUrl = postgresUrl('DATABASE_URL', env.DATABASE_URL);
  const production = env.NODE_ENV === 'production';
  const seed = seedMode(env, production);
  return {
    port: integer('PORT', env.PORT, 3000, 0, 65535),
    // A server holding the demo accounts answers only this machine unless HOST says otherwise.
    host: env.HOST || (seed === 'demo' ? '127.0.0.1' : '0.0.0.0'),
    databaseUrl,
    databaseListenUrl: postgresUrl('DATABASE_LISTEN_URL', env.DATABASE_LISTEN_URL),
    preparedStatements:
      oneOf(
        'DATABASE_PREPARED_STATEMENTS',
        env.DATABASE_PREPARED_STATEMENTS,
        ['true', 'false'] as const,
        'true',
      ) === 'true',
    replicaUrls: replicaUrls(env.DATABASE_REPLICA_URLS, databaseUrl),
    replicaMaxLagSeconds: integer('REPLICA_MAX_LAG_SECONDS', env.REPLICA_MAX_LAG_SECONDS, 10, 0, 86_400),
    replicaReadAfterWriteSeconds: integer(
      'REPLICA_READ_AFTER_WRITE_SECONDS',
      env.REPLICA_READ_AFTER_WRITE_SECONDS,
      5,
      0,
      86_400,
    ),
    dataDir: resolve(env.DATA_DIR || 'data'),
    poolSize: databaseUrl ? integer('DB_POOL_SIZE', env.DB_POOL_SIZE, 10, 1, 100) : 1,
    searchTimeout: integer('SEARCH_TIMEOUT', env.SEARCH_TIMEOUT, 10_000, 1, 600_000),
    seed,
    graphiql:
      oneOf('GRAPHIQL', env.GRAPHIQL, ['true', 'false'] as const, production ? 'false' : 'true') === 'true',
    webRoot: resolve(env.WEB_ROOT || 'dist/web'),
    limits: {
      maxDepth: integer('GRAPHQL_MAX_DEPTH', env.GRAPHQL_MAX_DEPTH, DEFAULT_LIMITS.maxDepth, 2, 50),
      maxAliases: integer('GRAPHQL_MAX_ALIASES', env.GRAPHQL_MAX_ALIASES, DEFAULT_LIMITS.maxAliases, 0, 1000),
      maxDirectives: integer(
        'GRAPHQL_MAX_DIRECTIVES',
        env.GRAPHQL_MAX_DIRECTIVES,
        DEFAULT_LIMITS.maxDirectives,
        0,
        1000,
      ),
      maxTokens: integer(
        'GRAPHQL_MAX_TOKENS',
        env.GRAPHQL_MAX_TOKENS,
        DEFAULT_LIMITS.maxTokens,
        100,
        100_000,
      ),
      maxCost: integer('GRAPHQL_MAX_COST', env.GRAPHQL_MAX_COST, DEFAULT_LIMITS.maxCost, 100, 10_000_000),
      maxResponseBytes: integer(
        'GRAPHQL_MAX_RESPONSE_BYTES',
        env.GRAPHQL_MAX_RESPONSE_BYTES,
        DEFAULT_LIMITS.maxResponseBytes,
        1024,
        1024 * 1024 * 1024,
      ),
      introspection:
        oneOf(
          'GRAPHQL_INTROSPECTION',
          env.GRAPHQL_INTROSPECTION,
          ['true', 'false'] as const,
          production ? 'false' : 'true',
        ) === 'true',
    },
    logLevel: oneOf('LOG_LEVEL', env.LOG_LEVEL, ['error', 'warn', 'log', 'debug'] as const, 'log'),
    trustProxy: trustProxy(env.TRUST_PROXY),
    adminEmail: env.ADMIN_EMAIL || undefined,
    adminPassword: env.ADMIN_PASSWORD || undefined,
    corsOrigins: corsOrigins(env.CORS_ORIGINS),
    redisUrl: redisUrl(env.REDIS_URL),
    metricsToken: metricsToken(env.METRICS_TOKEN),
    confirmation: new ConfirmationPolicy(
      integer('MANDATE_CONFIRMATION_MONTHS', env.MANDATE_CONFIRMATION_MONTHS, 12, 1, 600),
      oneOf(
        'UNCONFIRMED_MANDATES_GRANT',
        env.UNCONFIRMED_MANDATES_GRANT,
        ['true', 'false'] as const,
        'false',
      ) === 'true',
    ),
  };
}
