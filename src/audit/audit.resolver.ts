import { GraphQLResolveInfo } from 'graphql';
import {
  Args,
  ArgsType,
  Context,
  Field,
  ID,
  InputType,
  ObjectType,
  Query,
  Resolver,
  Info,
} from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { Permission } from '../access/access';
import { Allow } from '../access/allow.decorator';
import { RequestContext } from '../common/context';
import { ConnectionType, PageArgs, toConnection, toPage } from '../common/pagination';
import { CalendarDate, DateTimeScalar, JSONScalar } from '../common/scalars';
import { listAuditEvents } from './audit.queries';

@ObjectType('AuditEvent', { description: 'One successful mutation.' })
export class AuditEventModel {
  @Field(() => ID, { description: 'Stable id of the event.' }) id: string;
  @Field(() => DateTimeScalar, { description: 'When the mutation committed.' }) at: Date;
  @Field({ description: 'The request it came from (several events can share one).' }) requestId: string;
  @Field({ description: 'The mutation, e.g. appoint or updateMeeting.' }) action: string;
  @Field({ description: 'The type of the entity changed, e.g. Mandate.' }) entityType: string;
  @Field(() => ID, { nullable: true, description: 'The id of the entity changed; null when there is none.' })
  entityId: string | null;
  @Field(() => ID, { nullable: true, description: 'The account that acted.' }) actorAccountId: string | null;
  @Field(() => ID, { nullable: true, description: 'The API token that acted.' }) actorTokenId: string | null;
  @Field(() => JSONScalar, {
    nullable: true,
    description: 'The entity before the change; null when the mutation created it.',
  })
  before: unknown;
  @Field(() => JSONScalar, {
    nullable: true,
    description: 'The entity as the mutation left it.',
  })
  after: unknown;
}

@InputType({ description: 'Narrows the audit trail; all conditions must hold.' })
export class AuditFilterInput {
  @Field({ nullable: true, description: 'An entity type (OrgUnit, Mandate, Meeting, …) or an entity id.' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  entity?: string;
  @Field(() => ID, { nullable: true, description: 'An account or API token id.' })
  @IsOptional()
  @IsString()
  actor?: string;
  @Field(() => ID, { nullable: true, description: 'Events about this unit’s subtree.' })
  @IsOptional()
  @IsString()
  under?: string;
  @Field(() => CalendarDate, { nullable: true, description: 'From this day, inclusive.' }) from?: string;
  @Field(() => CalendarDate, { nullable: true, description: 'To this day, inclusive.' }) to?: string;
}

@ArgsType()
export class AuditEventsArgs extends PageArgs {
  @Field(() => AuditFilterInput, {
    nullable: true,
    description: 'Which events; omitted = all of your scope.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => AuditFilterInput)
  filter?: AuditFilterInput;
}

const AuditEventConnection = ConnectionType(AuditEventModel, 'AuditEvent');

@Resolver()
export class AuditResolver {
  @Allow(Permission.Administer)
  @Query(() => AuditEventConnection, { description: 'The audit trail of your scope, newest first.' })
  async auditEvents(
    @Context() ctx: RequestContext,
    @Args() args: AuditEventsArgs,
    @Info() info: GraphQLResolveInfo,
  ) {
    const page = toPage(args, info);
    const [rows, total] = await listAuditEvents(ctx, args.filter ?? {}, page);
    return toConnection(
      rows.map((row) => Object.assign(new AuditEventModel(), row)),
      total,
      page,
    );
  }
}
