import { ArgsType, Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsEnum, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { ListBound } from '../common/graphql-limits';
import { DateTimeScalar } from '../common/scalars';
import { ChangeKind } from './change-kind';

export const MAX_FEED_PAGE = 100;
export const DEFAULT_FEED_PAGE = 50;

@ObjectType('RegistryChange', { description: 'One committed mutation of the registry, without its data.' })
export class RegistryChangeModel {
  @Field(() => ID, { description: 'The id of the mutation’s audit event.' }) id: string;
  @Field(() => ChangeKind, { description: 'What the change is about.' }) kind: ChangeKind;
  @Field({ description: 'The mutation, e.g. recordMeeting or appoint.' }) action: string;
  @Field(() => ID, { nullable: true, description: 'The id of the row changed (a meeting, a mandate, …).' })
  entityId: string | null;
  @Field(() => ID, {
    nullable: true,
    description:
      'The unit the change is filed under (a meeting’s convening unit, a mandate’s post’s unit, …).',
  })
  unitId: string | null;
  @Field(() => DateTimeScalar, { description: 'When the mutation ran.' }) at: Date;
}

@ObjectType('ChangeFeed', { description: 'A page of committed changes, oldest first, and where to resume.' })
export class ChangeFeedModel {
  @ListBound(MAX_FEED_PAGE)
  @Field(() => [RegistryChangeModel], {
    description: `The changes after \`since\`, oldest first (at most \`first\`, ${MAX_FEED_PAGE} at most).`,
  })
  changes: RegistryChangeModel[];
  @Field({
    description:
      'Pass it as `since` to get the changes after this page; when the page is empty, the same position.',
  })
  cursor: string;
  @Field({ description: 'More changes are already there after this page.' }) hasMore: boolean;
}

@ArgsType()
export class ChangesArgs {
  @Field(() => String, {
    nullable: true,
    description: 'A `cursor` from an earlier page; omitted = from the first change.',
  })
  @IsOptional()
  @IsString()
  since?: string;

  @Field(() => ID, { nullable: true, description: 'Only changes filed under this unit’s subtree.' })
  @IsOptional()
  @IsString()
  under?: string;

  @Field(() => Int, {
    nullable: true,
    description: `Page size, 1…${MAX_FEED_PAGE} (default ${DEFAULT_FEED_PAGE}).`,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_FEED_PAGE)
  first?: number;
}

@ArgsType()
export class RegistryChangedArgs {
  @Field(() => ID, { nullable: true, description: 'Only changes filed under this unit’s subtree.' })
  @IsOptional()
  @IsString()
  under?: string;

  @Field(() => [ChangeKind], { nullable: true, description: 'Only changes of these kinds; omitted = all.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(6)
  @IsEnum(ChangeKind, { each: true })
  kinds?: ChangeKind[];
}
