import DataLoader from 'dataloader';
import { EntityManager } from 'typeorm';
import type { Actor } from './actor';
import { moroccoDate } from './morocco-time';

/**
 * Everything a service needs to know about the request it serves. Every service method takes it first;
 * there is no ambient state. In a mutation, `manager` is the transaction's manager and the only one
 * that may be used (on embedded Postgres a second connection would wait for the transaction forever).
 */
export interface RequestContext {
  readonly requestId: string;
  /** Who is asking, with their grants for today; null when anonymous. */
  readonly actor: Actor | null;
  /** Set when credentials were sent but are not valid (forged, expired, revoked). */
  readonly credentialsRejected: boolean;
  /** Set when the database could not be asked who is calling: every operation is refused, retryably. */
  readonly databaseUnavailable?: boolean;
  readonly manager: EntityManager;
  /**
   * Set when `manager` is a read replica's (database/replicas.ts): what it reads may be a little
   * behind the primary, so it is not remembered by the process for other requests.
   */
  readonly readsFromReplica?: boolean;
  readonly inTransaction: boolean;
  /** The client's address (the connection's, or a trusted proxy's X-Forwarded-For): what sign-ins are counted by. */
  readonly clientAddress: string;
  /** Today's calendar date in Africa/Casablanca, fixed once per request: the default `asOf`. */
  readonly today: string;
  /** Per-request DataLoaders; see `loader()`. */
  readonly loaders: LoaderInstances;
  /** When the request must be answered by; searches stop there (common/search.ts). */
  readonly deadline?: Deadline;
}

export interface Deadline {
  /** Aborted when the deadline passes or the client goes away. */
  readonly signal: AbortSignal;
  /** `Date.now()` at the deadline. */
  readonly expiresAt: number;
  /** Whether the database can cancel a running statement (a server can; embedded PGlite cannot). */
  readonly cancellable: boolean;
}

/**
 * A request's deadline, `timeoutMs` from now, given up early when the client closes the connection
 * before its answer is written.
 */
export function requestDeadline(
  response: NodeJS.EventEmitter & { writableFinished: boolean },
  timeoutMs: number,
  cancellable: boolean,
): Deadline {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  timer.unref();
  response.once('close', () => {
    clearTimeout(timer);
    if (!response.writableFinished) controller.abort();
  });
  return { signal: controller.signal, expiresAt: Date.now() + timeoutMs, cancellable };
}

/**
 * The arguments of a field that takes none. Field resolvers without arguments are written as plain
 * GraphQL resolvers, `(parent, args, ctx, info)`, with no parameter decorators: @nestjs/graphql then
 * calls them directly instead of through Nest's per-call context (parameter extraction, pipes,
 * interceptors), which is paid per field and row: on an org chart, a large share of the request's
 * CPU time (bench/README.md). Fields with arguments declare them with `@Args()` and are marked `@DirectResolver()`.
 */
export type NoArgs = Record<string, never>;

/**
 * A batch loader definition. The request's instances are keyed by the definition itself (and by its
 * parameter), so two definitions never share a cache whatever they are called; `name` is for people.
 */
export interface LoaderDefinition<K, V, P = void> {
  readonly name: string;
  create(ctx: RequestContext, param: P): DataLoader<K, V>;
  /** What tells two parameters apart: the value itself when it is a string, number or null, else its JSON. */
  instanceKey(param: P): unknown;
}

/** A request's loaders: per definition, one instance per distinct parameter. */
export type LoaderInstances = Map<object, Map<unknown, DataLoader<unknown, unknown>>>;

/** Answers a batch of keys with one value (or Error) per key, in the keys' order. */
export type BatchFunction<K, V> = (keys: readonly K[]) => Promise<(V | Error)[]>;

export interface LoaderOptions {
  /**
   * Run the batch once the current macrotask is done (`setImmediate`) instead of right after the
   * current promise jobs, so that loads arriving over several promise hops join one batch. For data
   * shown at every level of an org chart (officials, posts): when the sub-units come from a prefetched
   * subtree, all levels are then asked for at once. Not for loaders whose cache is primed and read
   * level by level (DataLoader hands out cached values only when the batch runs).
   */
  acrossLevels?: boolean;
}

const afterMacrotask = (run: () => void) => void setImmediate(run);

/** Parameters that are records or tuples (a date and a page, …) are told apart by their JSON. */
const byValue = (param: unknown): unknown =>
  typeof param === 'object' && param !== null ? JSON.stringify(param) : param;

export function defineLoader<K, V, P = void>(
  name: string,
  batch: (ctx: RequestContext, param: P) => BatchFunction<K, V>,
  options: LoaderOptions = {},
): LoaderDefinition<K, V, P> {
  const scheduling = options.acrossLevels ? { batchScheduleFn: afterMacrotask } : {};
  return {
    name,
    create: (ctx, param) => new DataLoader(batch(ctx, param), scheduling),
    instanceKey: byValue,
  };
}

/**
 * The request's instance of a loader. Loaders that depend on a parameter (an `asOf` date, a page, or
 * a tuple of such values) get one instance per distinct value, so each batch still runs as one query.
 */
export function loader<K, V, P = void>(
  ctx: RequestContext,
  definition: LoaderDefinition<K, V, P>,
  ...param: P extends void ? [] : [P]
): DataLoader<K, V> {
  let instances = ctx.loaders.get(definition);
  if (!instances) ctx.loaders.set(definition, (instances = new Map()));
  const key = param.length ? definition.instanceKey(param[0] as P) : undefined;
  let instance = instances.get(key) as DataLoader<K, V> | undefined;
  if (!instance) {
    instance = definition.create(ctx, param[0] as P);
    instances.set(key, instance as DataLoader<unknown, unknown>);
  }
  return instance;
}

/**
 * Runs `work` in one database transaction (or in the caller's, if it already has one). Loaders are
 * fresh inside: what they cached before the transaction may be stale.
 */
export async function inTransaction<T>(
  ctx: RequestContext,
  work: (tx: RequestContext) => Promise<T>,
): Promise<T> {
  if (ctx.inTransaction) return work(ctx);
  return ctx.manager.transaction((manager) =>
    work({ ...ctx, manager, inTransaction: true, loaders: new Map() }),
  );
}

export function createRequestContext(
  manager: EntityManager,
  requestId: string,
  actor: Actor | null = null,
  credentialsRejected = false,
  clientAddress = 'unknown',
  deadline?: Deadline,
): RequestContext {
  return {
    requestId,
    actor,
    credentialsRejected,
    clientAddress,
    manager,
    inTransaction: false,
    today: moroccoDate(),
    loaders: new Map(),
    deadline,
  };
}
