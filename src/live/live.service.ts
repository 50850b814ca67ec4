import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { DataSource } from 'typeorm';
import { inScope, Permission, Scope, scopeOf } from '../access/access';
import { requireUnitAccess } from '../access/scope';
import { AuthService, forgetCheckedCredentials } from '../accounts/auth.service';
import { Actor } from '../common/actor';
import { afterCommit, CommittedChange } from '../common/after-commit';
import { RequestContext } from '../common/context';
import { moroccoDate } from '../common/morocco-time';
import { DomainError } from '../common/errors';
import { ChangeKind, kindOf } from './change-kind';
import { LiveEmitter, liveTopics, LiveTopics, LiveUpdatesState } from './live-emitter';
import { databaseName, liveContext } from './live.queries';

export const LIVE_EMITTER = Symbol('LiveEmitter');

/** Close codes of the graphql-transport-ws protocol a client acts on (it does not retry them). */
export const CLOSE = {
  /** No credentials, credentials that do not check out, or that stopped working (expired, revoked). */
  unauthorized: 4401,
  /** Valid credentials that read nothing. */
  forbidden: 4403,
} as const;

/** What travels on the bus for each published change (plain values: it crosses Redis). */
export interface PublishedChange {
  id: string;
  kind: ChangeKind;
  action: string;
  entityId: string | null;
  unitPath: string | null;
  /** The other units the change concerns (the units that took part in a meeting). */
  relatedPaths: string[];
  at: string;
}

/** Changes after which whoever holds a subscription may see less, or nothing. */
const ACCESS_ENTITIES = new Set([
  'Account',
  'ApiToken',
  'AccessBinding',
  'Session',
  'Mandate',
  'Position',
  'OrgUnit',
  // An import of units or mandates changes who may do what.
  'ImportBatch',
]);
/**
 * Meeting actions that may withdraw a confirmation a meeting gave a mandate (attendance set back, a
 * participant removed, the meeting moved or cancelled), and with it the access the mandate grants.
 */
const MEETING_ACCESS_ACTIONS = new Set([
  'setAttendance',
  'removeParticipant',
  'updateMeeting',
  'cancelMeeting',
]);
/** Account actions that give no one less access (a sign-in, an ordinary refresh). */
const GRANTING_ONLY = new Set(['login', 'refreshSession', 'createAccount', 'createApiToken', 'grantAccess']);

interface LiveSubscription {
  underId: string | null;
  underPath: string | null;
  kinds: Set<ChangeKind> | null;
}

/** One WebSocket connection: the credentials it opened with, and what they allow now. */
export class LiveConnection {
  readScope: Scope;
  /** Settles once the latest check of the credentials is done; deliveries wait for it. */
  checked: Promise<void> = Promise.resolve();
  readonly subscriptions = new Set<LiveSubscription>();
  private expiryTimer?: NodeJS.Timeout;
  closed = false;

  constructor(
    readonly authorization: string,
    public actor: Actor,
    private readonly socket: { close(code: number, reason: string): void },
    private readonly onClose: (connection: LiveConnection) => void,
  ) {
    this.readScope = scopeOf(actor, Permission.Read);
  }

  update(actor: Actor): void {
    this.actor = actor;
    this.readScope = scopeOf(actor, Permission.Read);
  }

  /** Ends the connection (and its subscriptions) when the credentials expire. */
  expireAt(at: Date): void {
    clearTimeout(this.expiryTimer);
    const wait = at.getTime() - Date.now();
    // Timers hold at most about 24.8 days: a longer wait is taken in steps.
    const step = Math.min(Math.max(wait, 0), 2 ** 31 - 1);
    this.expiryTimer = setTimeout(() => {
      if (at.getTime() > Date.now()) this.expireAt(at);
      else this.end(CLOSE.unauthorized, 'The token has expired; connect again with a new one.');
    }, step);
    this.expiryTimer.unref();
  }

  end(code: number, reason: string): void {
    if (this.closed) return;
    this.forget();
    this.socket.close(code, reason);
  }

  /** Stops every timer; the socket is closed or closing. */
  forget(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.expiryTimer);
    this.onClose(this);
  }
}

const refused = (error: DomainError) =>
  new GraphQLError(error.message, { extensions: { code: error.code, ...error.details } });

/**
 * Live updates: publishes every committed change a dashboard may be told of (after the commit, never
 * a rolled-back one; accounts, sessions and tokens never), authenticates WebSocket connections with
 * the same credentials as HTTP, delivers each change only to the subscriptions whose scope (checked
 * again whenever credentials or grants change, on any instance) covers it, and closes a connection
 * whose credentials expire or stop working.
 */
@Injectable()
export class LiveService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('LiveUpdates');
  private readonly connections = new Set<LiveConnection>();
  private stopListening?: () => void;
  private dayTimer?: NodeJS.Timeout;
  private today = moroccoDate();
  private lastPublishComplaint = 0;
  private topics: LiveTopics = liveTopics('tanzim');

  constructor(
    private readonly dataSource: DataSource,
    private readonly auth: AuthService,
    @Inject(LIVE_EMITTER) private readonly live: LiveEmitter,
  ) {}

  async onModuleInit(): Promise<void> {
    this.topics = liveTopics(await databaseName(this.dataSource));
    this.stopListening = afterCommit.listen((change) => this.publish(change));
    this.live.emitter.on(this.topics.accessChanged, (message, done) => {
      this.checkAgain(message.entityType as string);
      done();
    });
    // Grants follow dates: a mandate that ended yesterday grants nothing today.
    this.dayTimer = setInterval(() => {
      if (moroccoDate() === this.today) return;
      this.today = moroccoDate();
      this.checkAgain('day');
    }, 60_000);
    this.dayTimer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopListening?.();
    clearInterval(this.dayTimer);
    for (const connection of [...this.connections]) connection.end(1001, 'The server is shutting down.');
    await this.live.close();
  }

  /** How changes reach the other instances now (for the readiness check). */
  get liveUpdates(): LiveUpdatesState {
    if (!this.live.crossesInstances) return 'in process';
    return this.live.connected() ? 'connected' : 'disconnected';
  }

  /** Subscriptions this instance delivers to now (each is listening once counted). */
  get subscriptionCount(): number {
    let count = 0;
    for (const connection of this.connections) count += connection.subscriptions.size;
    return count;
  }

  /** Mercurius's `subscription` options: the shared emitter and the connection's authentication. */
  subscriptionOptions() {
    // Mercurius calls onConnect as a method of the connection, whose `socket` is the WebSocket.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const service = this;
    return {
      emitter: this.live.emitter,
      onConnect(this: unknown, data: { payload?: unknown }) {
        const socket = (this as { socket?: { close(code: number, reason: string): void } } | undefined)
          ?.socket;
        return service.connect(data.payload, socket);
      },
      onDisconnect(context: object) {
        (context as { liveConnection?: LiveConnection }).liveConnection?.forget();
      },
    };
  }

  /**
   * Checks `connection_init`'s `authorization` like an HTTP request's header. Refused: the socket is
   * closed with 4401 (no or bad credentials) or 4403 (credentials that read nothing).
   */
  async connect(
    payload: unknown,
    socket: { close(code: number, reason: string): void } | undefined,
  ): Promise<{ liveConnection: LiveConnection } | false> {
    const authorization = (payload as { authorization?: unknown } | null | undefined)?.authorization;
    const refuse = (code: number, reason: string) => {
      socket?.close(code, reason);
      return false as const;
    };
    if (typeof authorization !== 'string' || !authorization) {
      return refuse(CLOSE.unauthorized, 'Send { "authorization": "Bearer <token>" } in connection_init.');
    }
    const { actor } = await this.auth.resolve(authorization);
    if (!actor) return refuse(CLOSE.unauthorized, 'The credentials sent are not valid.');
    const scope = scopeOf(actor, Permission.Read);
    if (!scope.all && scope.paths.length === 0) {
      return refuse(CLOSE.forbidden, 'These credentials read nothing.');
    }
    if (!socket) return false;
    const expiresAt = await this.auth.expiryOf(authorization);
    if (!expiresAt) return refuse(CLOSE.unauthorized, 'The credentials sent are not valid.');
    const connection = new LiveConnection(authorization, actor, socket, (closed) =>
      this.connections.delete(closed),
    );
    connection.expireAt(expiresAt);
    this.connections.add(connection);
    return { liveConnection: connection };
  }

  /**
   * `registryChanged`: the changes a connection's credentials may read (under `underId`, of `kinds`),
   * from now on. `under` outside the caller's scope is NOT_FOUND, as for every read.
   */
  async subscribe(
    context: {
      liveConnection?: LiveConnection;
      pubsub: { subscribe(topic: string): Promise<AsyncIterable<unknown>> };
    },
    args: { under?: string | null; kinds?: ChangeKind[] | null },
  ): Promise<AsyncIterable<{ registryChanged: PublishedChange }>> {
    const connection = context.liveConnection;
    if (!connection || connection.closed) {
      throw refused(new DomainError('UNAUTHENTICATED', 'Sign in first (authorization in connection_init).'));
    }
    const subscription: LiveSubscription = {
      underId: args.under ?? null,
      underPath: null,
      kinds: args.kinds?.length ? new Set(args.kinds) : null,
    };
    if (subscription.underId) {
      try {
        subscription.underPath = await requireUnitAccess(
          this.context(connection.actor),
          subscription.underId,
          Permission.Read,
        );
      } catch (error) {
        throw error instanceof DomainError ? refused(error) : error;
      }
    }
    const source = await context.pubsub.subscribe(this.topics.registryChanged);
    connection.subscriptions.add(subscription);
    return this.deliver(
      connection,
      subscription,
      source as AsyncIterable<{ registryChanged: PublishedChange }>,
    );
  }

  private async *deliver(
    connection: LiveConnection,
    subscription: LiveSubscription,
    source: AsyncIterable<{ registryChanged: PublishedChange }>,
  ): AsyncGenerator<{ registryChanged: PublishedChange }> {
    try {
      for await (const event of source) {
        // A change to credentials or grants published before this event is taken into account first.
        await connection.checked;
        if (connection.closed) return;
        const shown = this.shownAs(connection, subscription, event.registryChanged);
        if (shown) yield shown === event.registryChanged ? event : { registryChanged: shown };
      }
    } finally {
      connection.subscriptions.delete(subscription);
    }
  }

  /**
   * How a subscription is told of a change, if at all: of its kinds, in the caller's scope, under its
   * unit. A change is in scope through the unit it is filed under or through another unit it concerns
   * (a meeting convened above a local secretary that his unit took part in, as he reads it); told
   * through another unit, the change names that unit, never one the caller may not see (the
   * `changes` feed answers the same).
   */
  private shownAs(
    connection: LiveConnection,
    subscription: LiveSubscription,
    change: PublishedChange,
  ): PublishedChange | null {
    if (subscription.kinds && !subscription.kinds.has(change.kind)) return null;
    const under = subscription.underPath;
    const wanted = (path: string) =>
      inScope(connection.readScope, path) &&
      (under === null || path === under || path.startsWith(`${under}.`));
    if (change.unitPath === null && !change.relatedPaths?.length) {
      return connection.readScope.all && under === null ? change : null;
    }
    if (change.unitPath !== null && wanted(change.unitPath)) return change;
    const through = (change.relatedPaths ?? []).find(wanted);
    return through ? { ...change, unitPath: through } : null;
  }

  /** After a commit: tells every instance of the change (and of a change to access, to check again). */
  private publish(change: CommittedChange): void {
    const narrowsAccess =
      (ACCESS_ENTITIES.has(change.entityType) && !GRANTING_ONLY.has(change.action)) ||
      (change.entityType === 'Meeting' && MEETING_ACCESS_ACTIONS.has(change.action));
    if (narrowsAccess) {
      this.live.emitter.emit(
        { topic: this.topics.accessChanged, entityType: change.entityType },
        (error) => error && this.publishFailed(error),
      );
    }
    const kind = kindOf(change.entityType, change.action);
    if (!kind) return;
    const published: PublishedChange = {
      id: change.eventId,
      kind,
      action: change.action,
      entityId: change.entityId,
      unitPath: change.unitPath,
      relatedPaths: change.relatedPaths,
      at: change.at.toISOString(),
    };
    this.live.emitter.emit(
      { topic: this.topics.registryChanged, payload: { registryChanged: published } },
      (error) => error && this.publishFailed(error),
    );
  }

  /** The change is committed; only its live event is lost (the `changes` feed still has it). */
  private publishFailed(error: Error): void {
    if (Date.now() - this.lastPublishComplaint < 10_000) return;
    this.lastPublishComplaint = Date.now();
    this.logger.warn(`A live update was not published: ${error.message}`);
  }

  /**
   * Checks every connection's credentials again (once per distinct credential): a connection whose
   * credentials stopped working is closed, the others see what their grants allow now. A unit that
   * moved takes the subscriptions under it along.
   */
  private checkAgain(reason: string): void {
    if (reason === 'ApiToken' || reason === 'OrgUnit') forgetCheckedCredentials();
    const byCredentials = new Map<string, LiveConnection[]>();
    for (const connection of this.connections) {
      const same = byCredentials.get(connection.authorization) ?? [];
      same.push(connection);
      byCredentials.set(connection.authorization, same);
    }
    for (const [authorization, connections] of byCredentials) {
      const check = this.auth.resolve(authorization).then(
        async ({ actor }) => {
          for (const connection of connections) {
            if (!actor) {
              connection.end(
                CLOSE.unauthorized,
                'The credentials are no longer valid (revoked, signed out or disabled).',
              );
              continue;
            }
            connection.update(actor);
            if (reason === 'OrgUnit') await this.followUnits(connection);
          }
        },
        (error: Error) =>
          this.logger.warn(`Could not check a live connection's credentials: ${error.message}`),
      );
      for (const connection of connections) {
        connection.checked = Promise.all([connection.checked, check]).then(() => undefined);
      }
    }
  }

  private async followUnits(connection: LiveConnection): Promise<void> {
    for (const subscription of connection.subscriptions) {
      if (!subscription.underId) continue;
      subscription.underPath = await requireUnitAccess(
        this.context(connection.actor),
        subscription.underId,
        Permission.Read,
      ).catch(
        // Out of reach now: a path no change is filed under.
        () => '_',
      );
    }
  }

  private context(actor: Actor | null): RequestContext {
    return liveContext(this.dataSource, actor);
  }
}
