import { timingSafeEqual } from 'node:crypto';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyRequest } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { DataSource } from 'typeorm';
import { declaredOperationName, requestErrors } from './graphql-over-http';

/** Distinct operation names kept as labels; later ones count as "other" (names come from clients). */
const MAX_OPERATIONS = 100;

/** What the pg pool behind TypeORM says of itself (pg's Pool, also in front of embedded PGlite). */
interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options?: { max?: number };
  connect(callback?: (error: Error | undefined, client: unknown, release: unknown) => void): unknown;
}

/**
 * `/metrics` in Prometheus's text format (prom-client): GraphQL requests by operation and outcome,
 * their latency, the database pool's use and queue, the process's own series (event-loop lag among
 * them) and the subscriptions this instance delivers to. Served only with METRICS_TOKEN set, to a
 * caller sending it as a bearer token: 401 otherwise, 404 when no token is configured.
 */
export function registerMetrics(
  app: NestFastifyApplication,
  options: { token?: string; dataSource: DataSource; subscriptions: () => number },
): void {
  const fastify = app.getHttpAdapter().getInstance();
  // A registry per app: several apps in one process (the tests) do not share series.
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'tanzim_' });
  const labelNames = ['operation', 'outcome'] as const;
  const requests = new Counter({
    name: 'tanzim_graphql_requests_total',
    help: 'GraphQL requests over HTTP, by operation name and outcome (ok; error: executed, answered with errors; rejected: refused before execution).',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'tanzim_graphql_request_duration_seconds',
    help: 'Time from a GraphQL request’s arrival to its answer, by operation name and outcome.',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const pool = () => (options.dataSource.driver as unknown as { master?: PgPool }).master;
  new Gauge({
    name: 'tanzim_db_pool_connections',
    help: 'Database connections of the pool, by state (in_use, idle); max is the pool size.',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const current = pool();
      if (!current) return;
      this.set({ state: 'in_use' }, current.totalCount - current.idleCount);
      this.set({ state: 'idle' }, current.idleCount);
      this.set({ state: 'max' }, current.options?.max ?? 0);
    },
  });
  new Gauge({
    name: 'tanzim_db_pool_waiting',
    help: 'Queries waiting for a free database connection (on embedded PGlite, for its single session).',
    registers: [registry],
    collect() {
      this.set(pool()?.waitingCount ?? 0);
    },
  });
  timePoolWaits(
    pool(),
    new Histogram({
      name: 'tanzim_db_pool_wait_seconds',
      help: 'Time a query waited for a connection from the pool (on embedded PGlite, for its single session).',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
  );
  new Gauge({
    name: 'tanzim_subscriptions_open',
    help: 'GraphQL subscriptions this instance delivers to.',
    registers: [registry],
    collect() {
      this.set(options.subscriptions());
    },
  });

  const operations = new Set<string>();
  const operationLabel = (request: FastifyRequest): string => {
    const name = declaredOperationName(request);
    if (name === undefined || name.length > 64) return '(anonymous)';
    if (operations.has(name)) return name;
    if (operations.size >= MAX_OPERATIONS) return '(other)';
    operations.add(name);
    return name;
  };
  const outcomes = new WeakMap<FastifyRequest, 'ok' | 'error'>();
  // Read from Mercurius's answer before it is serialized: looking for errors in the text scanned up
  // to 64 kB of every large answer.
  fastify.addHook('preSerialization', async (request, reply, payload) => {
    if (isGraphqlPath(request) && reply.statusCode < 400 && payload && typeof payload === 'object') {
      outcomes.set(request, (payload as { errors?: unknown[] }).errors?.length ? 'error' : 'ok');
    }
    return payload;
  });
  fastify.addHook('onResponse', async (request, reply) => {
    if (!isGraphqlPath(request) || request.headers.upgrade) return;
    const labels = {
      operation: operationLabel(request),
      outcome:
        reply.statusCode >= 400 || requestErrors.has(request) ? 'rejected' : (outcomes.get(request) ?? 'ok'),
    };
    requests.inc(labels);
    duration.observe(labels, reply.elapsedTime / 1000);
  });

  const expected = options.token ? Buffer.from(`Bearer ${options.token}`) : undefined;
  fastify.get('/metrics', async (request, reply) => {
    if (!expected) return reply.code(404).send({ message: 'Not Found' });
    const given = Buffer.from(request.headers.authorization ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return reply.code(401).header('www-authenticate', 'Bearer').send({ message: 'Unauthorized' });
    }
    return reply.header('content-type', registry.contentType).send(await registry.metrics());
  });
}

/**
 * pg's Pool says how many wait, not for how long: its `connect` (which TypeORM calls with a callback
 * for every query and transaction) is timed from the call to the connection handed over.
 */
function timePoolWaits(pool: PgPool | undefined, waits: Histogram): void {
  if (!pool) return;
  const connect = pool.connect.bind(pool);
  pool.connect = (callback) => {
    if (!callback) return connect();
    const started = performance.now();
    return connect((error, client, release) => {
      waits.observe((performance.now() - started) / 1000);
      callback(error, client, release);
    });
  };
}

function isGraphqlPath(request: FastifyRequest): boolean {
  return request.url === '/graphql' || request.url.startsWith('/graphql?');
}
