import { Type } from '@nestjs/common';
import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { BadInputError } from './errors';

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
}

const CURSOR_PREFIX = 'o:';

export function encodeCursor(offset: number): string {
  return Buffer.from(`${CURSOR_PREFIX}${offset}`).toString('base64url');
}

/** Turns `first`/`after` into LIMIT/OFFSET, refusing cursors this server did not make. */
export function toPage(args: { first?: number | null; after?: string | null }): Page {
  const limit = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_PAGE_SIZE) {
    throw new BadInputError(`first must be between 0 and ${MAX_PAGE_SIZE}.`, 'first');
  }
  if (args.after == null) return { limit, offset: 0 };
  const decoded = Buffer.from(args.after, 'base64url').toString();
  const offset = Number(decoded.slice(CURSOR_PREFIX.length));
  if (!decoded.startsWith(CURSOR_PREFIX) || !Number.isSafeInteger(offset) || offset < 0) {
    throw new BadInputError('after is not a cursor from this list.', 'after');
  }
  return { limit, offset: offset + 1 };
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
  totalCount: number;
}

/** Builds a connection from one page of rows and the total number of matching rows. */
export function toConnection<T>(nodes: T[], totalCount: number, page: Page): Connection<T> {
  const edges = nodes.map((node, index) => ({ node, cursor: encodeCursor(page.offset + index) }));
  return {
    edges,
    totalCount,
    pageInfo: {
      hasNextPage: page.offset + nodes.length < totalCount,
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
    @Field(() => Int, { description: 'How many items the whole list has.' }) totalCount: number;
  }
  return ConnectionClass;
}
