import { Type } from '@nestjs/common';
import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { GraphQLResolveInfo } from 'graphql';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { BadInputError } from './errors';
import { selectedFields } from './lookahead';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/** Relay-style page arguments. Cursors are opaque; today they encode an offset. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, {
    nullable: true,
    description: `Page size, 0…${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE}).`,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_PAGE_SIZE)
  first?: number;

  @Field(() => String, { nullable: true, description: 'Return the items after this cursor.' })
  @IsOptional()
  @IsString()
  after?: string;
}

export interface Page {
  limit: number;
  offset: number;
  /**
   * False when the list is not counted: the query does not select `totalCount`. Counting means finding
   * every match, which for a large list costs far more than its page.
   */
  count?: boolean;
}

const CURSOR_PREFIX = 'o:';

export function encodeCursor(offset: number): string {
  return Buffer.from(`${CURSOR_PREFIX}${offset}`).toString('base64url');
}

/**
 * Turns `first`/`after` into LIMIT/OFFSET, refusing cursors this server did not make. With the
 * resolver's `info`, the list is counted only when the query selects its `totalCount`.
 */
export function toPage(
  args: { first?: number | null; after?: string | null },
  info?: GraphQLResolveInfo,
): Page {
  const limit = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_PAGE_SIZE) {
    throw new BadInputError(`first must be between 0 and ${MAX_PAGE_SIZE}.`, 'first');
  }
  const count = info ? selectedFields(info, []).has('totalCount') : true;
  if (args.after == null) return { limit, offset: 0, count };
  const decoded = Buffer.from(args.after, 'base64url').toString();
  const offset = Number(decoded.slice(CURSOR_PREFIX.length));
  if (!decoded.startsWith(CURSOR_PREFIX) || !Number.isSafeInteger(offset) || offset < 0) {
    throw new BadInputError('after is not a cursor from this list.', 'after');
  }
  return { limit, offset: offset + 1, count };
}

/**
 * Runs a list query for one page: with its count when the page asks for it (`getManyAndCount`, two
 * statements), or else in one statement that reads one row past the page, to tell whether more follow.
 */
export async function pageOf<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  page: Page,
): Promise<[T[], number | null]> {
  qb.offset(page.offset);
  if (page.count !== false) return qb.limit(page.limit).getManyAndCount();
  return [await qb.limit(page.limit + 1).getMany(), null];
}

@ObjectType({ description: 'Where a page sits in its list.' })
export class PageInfo {
  @Field({ description: 'More items follow this page.' }) hasNextPage: boolean;
  @Field({ description: 'Items come before this page.' }) hasPreviousPage: boolean;
  @Field(() => String, {
    nullable: true,
    description: 'Cursor of the first item of the page; null when it is empty.',
  })
  startCursor: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Cursor of the last item; pass it as after for the next page.',
  })
  endCursor: string | null;
}

export interface Connection<T> {
  edges: { node: T; cursor: string }[];
  pageInfo: PageInfo;
  /** Null when the query did not select it (the list was not counted). */
  totalCount: number | null;
}

/**
 * Builds a connection from one page of rows and the total number of matching rows, or, when the list
 * was not counted (`totalCount` null, see `pageOf`), from the page and the one row read past it.
 */
export function toConnection<T>(rows: T[], totalCount: number | null, page: Page): Connection<T> {
  const nodes = totalCount == null ? rows.slice(0, page.limit) : rows;
  const hasNextPage = totalCount == null ? rows.length > page.limit : page.offset + nodes.length < totalCount;
  const edges = nodes.map((node, index) => ({ node, cursor: encodeCursor(page.offset + index) }));
  return {
    edges,
    totalCount,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: page.offset > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/** The GraphQL `XConnection` / `XEdge` pair for a node type. */
export function ConnectionType<T>(nodeType: Type<T>, name: string): Type<Connection<T>> {
  @ObjectType(`${name}Edge`, { description: `One item of a page of ${name} items, with its cursor.` })
  class Edge {
    @Field(() => nodeType, { description: 'The item itself.' }) node: T;
    @Field({ description: 'Pass it as after to get the items that follow this one.' }) cursor: string;
  }

  @ObjectType(`${name}Connection`, {
    description: `One page of a list (first/after), with the size of the whole list.`,
  })
  class ConnectionClass {
    @Field(() => [Edge], { description: 'The items of this page, each with its cursor.' }) edges: Edge[];
    @Field(() => PageInfo, { description: 'Whether more pages follow, and the cursors to get them.' })
    pageInfo: PageInfo;
    @Field(() => Int, {
      description:
        'How many items the whole list has. Counting means finding every item, which for a large list may ' +
        'cost far more than the page itself: ask for it only when you need it. A root list is counted only ' +
        'when this field is asked for.',
    })
    totalCount: number;
  }
  return ConnectionClass;
}
