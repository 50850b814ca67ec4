import { Args, Context, Query, Resolver, Subscription } from '@nestjs/graphql';
import { Permission } from '../access/access';
import { requireUnitAccess } from '../access/scope';
import { Allow } from '../access/allow.decorator';
import { RequestContext } from '../common/context';
import {
  ChangeFeedModel,
  ChangesArgs,
  DEFAULT_FEED_PAGE,
  RegistryChangedArgs,
  RegistryChangeModel,
} from './registry-change.model';
import { LiveService, PublishedChange } from './live.service';
import { changesAfter, decodeFeedCursor } from './live.queries';
import { unitIdOfPath } from './change-kind';

const toChangeModel = (change: PublishedChange): RegistryChangeModel => ({
  id: change.id,
  kind: change.kind,
  action: change.action,
  entityId: change.entityId,
  unitId: unitIdOfPath(change.unitPath),
  at: new Date(change.at),
});

@Resolver(() => RegistryChangeModel)
export class LiveResolver {
  constructor(private readonly live: LiveService) {}

  @Allow(Permission.Read)
  @Query(() => ChangeFeedModel, {
    description:
      'The committed changes in your scope after a cursor, oldest first, for dashboards that poll or catch up after a disconnect.',
  })
  async changes(@Context() ctx: RequestContext, @Args() args: ChangesArgs): Promise<ChangeFeedModel> {
    const since = decodeFeedCursor(args.since);
    const underPath = args.under ? await requireUnitAccess(ctx, args.under, Permission.Read) : null;
    return changesAfter(ctx, since, underPath, args.first ?? DEFAULT_FEED_PAGE);
  }

  @Allow(Permission.Read)
  @Subscription(() => RegistryChangeModel, {
    description:
      'Each mutation committed from now on, in your scope (over WebSocket, graphql-transport-ws; credentials in connection_init).',
    resolve: (payload: { registryChanged: PublishedChange }) => toChangeModel(payload.registryChanged),
  })
  registryChanged(
    @Context() ctx: Parameters<LiveService['subscribe']>[0],
    @Args() args: RegistryChangedArgs,
  ) {
    return this.live.subscribe(ctx, args);
  }
}
