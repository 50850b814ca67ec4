import { Type } from '@nestjs/common';
import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { GraphQLResolveInfo } from 'graphql';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { BadInputError } from './errors';
import { selectedFields } from './lookahead';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/** Relay-style page arguments. Cursors are opaque: each carries its row's place in the list's order. */
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

  @Field(() => String, {
    nullable: true,
    description:
      'Return the items after this cursor (an endCursor or an edge cursor of the same list). Items added or ' +
      'removed before it do not move the items that follow it.',
  })
  @IsOptional()
  @IsString()
  after?: string;
}

export interface Page {
  limit: number;
  /** The cursor the page follows, checked against the list's order when the list is read. */
  after: string | null;
  /**
   * False when the list is not counted: the query does not select `totalCount`. Counting means finding
   * every match, which for a large list costs far more than its page.
   */
  count?: boolean;
  /** Set by the read of a root list (`pageOf`, `searchPage`): the cursor of each row read, in order. */
  cursors?: string[];
}

/**
 * Cursors carry the sort key of their row (keyset pagination): the next page is read with a
 * condition on the list's ORDER BY columns, which an index on them serves, so a page deep in a list
 * costs what its first page costs, and a row added or removed before the cursor neither shifts nor
 * repeats the rows that follow it.
 */

/** The SQL type a sort key is compared as; a cursor's value must be a valid one. */
export type KeyType =
  'uuid' | 'text' | 'date' | 'timestamptz' | 'int' | 'bigint' | 'numeric' | 'float8' | 'ltree';

/** One column (or expression) of a list's ORDER BY. */
export interface SortKey {
  /** The expression, as written in ORDER BY. */
  sql: string;
  type: KeyType;
  desc?: boolean;
  /** It may be NULL: nulls sort last unless `nullsFirst`. */
  nullable?: boolean;
  nullsFirst?: boolean;
}

/**
 * A list's order: its sort keys, the last of which (with those before it) makes every row's key
 * unique. `list` names it in its cursors, so that a cursor from another list is refused.
 */
export interface ListOrder {
  list: string;
  keys: SortKey[];
}

/** Versioned prefix of a cursor's content: a cursor of another format is refused, never misread. */
const CURSOR_VERSION = 'k1';
const NOT_A_CURSOR = 'after is not a cursor from this list.';
/** Longest text key a cursor may carry: the keys are names and codes. */
const MAX_TEXT_KEY = 2000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// As PostgreSQL writes a timestamptz in the ISO date style.
const TIMESTAMPTZ =
  /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?)([+-]\d{2})(?::(\d{2}))?(?::(\d{2}))?$/;
const FLOAT = /^-?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

const validDate = (text: string): boolean => {
  const match = DATE.exec(text);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === text && Number(match[1]) > 0;
};

/** Whether a cursor's value can be compared as the key's type without an error from the database. */
function validKey(type: KeyType, value: string): boolean {
  switch (type) {
    case 'uuid':
      return UUID.test(value);
    case 'text':
      return value.length <= MAX_TEXT_KEY && !value.includes('\u0000');
    case 'date':
      return validDate(value);
    case 'timestamptz': {
      const match = TIMESTAMPTZ.exec(value);
      if (!match || !validDate(match[1])) return false;
      const [hours, minutes, seconds] = match[2].split(':').map(Number);
      return hours < 24 && minutes < 60 && seconds < 60 && Math.abs(Number(match[3])) <= 15;
    }
    case 'int':
      return /^-?\d{1,9}$/.test(value);
    case 'bigint':
      return /^-?\d{1,18}$/.test(value);
    case 'numeric':
      return /^-?\d{1,30}(?:\.\d{1,30})?$/.test(value);
    case 'float8': {
      if (value.length > 40 || !FLOAT.test(value)) return false;
      const number = Number(value);
      // Out of range either way is an error in PostgreSQL, not a rounding.
      return Number.isFinite(number) && (number !== 0 || !/[1-9]/.test(value.split(/e/i)[0]));
    }
    case 'ltree':
      return (
        value.length <= MAX_TEXT_KEY && /^(?:[A-Za-z0-9_]{1,256}(?:\.[A-Za-z0-9_]{1,256})*)?$/.test(value)
      );
  }
}

/** A row's cursor from its sort key, as the database wrote each value (text). */
export function encodeCursor(order: ListOrder, values: readonly (string | null)[]): string {
  return Buffer.from(`${CURSOR_VERSION}${JSON.stringify([order.list, ...values])}`).toString('base64url');
}

/**
 * The sort key a cursor carries, checked against the list's order: a cursor of another list, of
 * another format (the offsets of earlier versions) or with a value its key's type cannot hold is
 * refused as BAD_USER_INPUT, before any SQL sees it.
 */
export function decodeCursor(order: ListOrder, cursor: string): (string | null)[] {
  const refuse = () => new BadInputError(NOT_A_CURSOR, 'after');
  if (cursor.length > 4 * MAX_TEXT_KEY || !/^[A-Za-z0-9_-]*$/.test(cursor)) throw refuse();
  const text = Buffer.from(cursor, 'base64url').toString();
  if (!text.startsWith(CURSOR_VERSION)) throw refuse();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.slice(CURSOR_VERSION.length));
  } catch {
    throw refuse();
  }
  if (!Array.isArray(parsed) || parsed[0] !== order.list || parsed.length !== order.keys.length + 1) {
    throw refuse();
  }
  const values = parsed.slice(1) as unknown[];
  order.keys.forEach((key, i) => {
    const value = values[i];
    if (value === null ? !key.nullable : typeof value !== 'string' || !validKey(key.type, value)) {
      throw refuse();
    }
  });
  return values as (string | null)[];
}

/** The ORDER BY of a list. */
export const orderSql = (order: ListOrder): string =>
  order.keys.map((key) => `${key.sql} ${direction(key)}`).join(', ');

const direction = (key: SortKey): string =>
  `${key.desc ? 'DESC' : 'ASC'}${key.nullable ? (key.nullsFirst ? ' NULLS FIRST' : ' NULLS LAST') : ''}`;

/**
 * Each sort key, under the names `keyColumns` gives, for the rows' cursors: as text, as the database
 * wrote it. A float8 key is selected as the very expression the ORDER BY holds, which PostgreSQL then
 * computes once per row; inside a cast it computed it twice, and a search's rank (its similarities)
 * is most of what ranking a search costs. The driver reads it as a number, whose shortest decimal
 * form is that same double.
 */
export const keyColumns = (order: ListOrder, prefix = 'keyset_'): [string, string][] =>
  order.keys.map((key, i) => [
    key.type === 'float8' ? `(${key.sql})` : `CAST((${key.sql}) AS text)`,
    `${prefix}${i}`,
  ]);

/** The cursor of a row read with `keyColumns`. */
export const cursorOfRow = (order: ListOrder, row: Record<string, unknown>, prefix = 'keyset_'): string =>
  encodeCursor(
    order,
    order.keys.map((_key, i) => (row[`${prefix}${i}`] == null ? null : String(row[`${prefix}${i}`]))),
  );

/** The cursors of rows read with `keyColumns`. */
export const cursorsOf = (order: ListOrder, raw: Record<string, unknown>[], prefix = 'keyset_'): string[] =>
  raw.map((row) => cursorOfRow(order, row, prefix));

/**
 * The cursors of a page's rows: encoded already, or encoded from a row's place on the page when the
 * query reads it. A list under many parents (a dashboard's meetings of every unit) is mostly asked
 * for no cursor, or for the last of each page only.
 */
export type Cursors = readonly string[] | ((index: number) => string);

/**
 * The condition that a row comes after the cursor's key in the list's order, with its parameters.
 *
 * Written from the order: for keys k1…kn and the cursor's values v1…vn, some key kᵢ lies beyond vᵢ
 * (below for DESC, above for ASC; a NULL beyond every value when nulls sort last) while those before
 * it are equal. In front of it goes what the index can seek to: the longest leading run of keys that
 * cannot be NULL and sort the same way, as one row comparison `(k1, k2) < (v1, v2)` (or `<=` when
 * keys follow the run). When every key is in the run, that comparison is the whole condition.
 */
export function afterSql(
  order: ListOrder,
  values: readonly (string | null)[],
  prefix = 'keyset',
): [string, Record<string, string>] {
  const params: Record<string, string> = {};
  const value = (i: number) => {
    params[`${prefix}${i}`] = values[i]!;
    return `CAST(:${prefix}${i} AS ${pgType(order.keys[i].type)})`;
  };
  const keys = order.keys;
  let run = 0;
  while (run < keys.length && !keys[run].nullable && !!keys[run].desc === !!keys[0].desc) run++;
  const rowOf = (parts: string[]) => (parts.length === 1 ? parts[0] : `(${parts.join(', ')})`);
  const seek =
    run > 0
      ? `${rowOf(keys.slice(0, run).map((key) => key.sql))} ${keys[0].desc ? '<' : '>'}${run < keys.length ? '=' : ''} ${rowOf(keys.slice(0, run).map((_key, i) => value(i)))}`
      : null;
  if (run === keys.length) return [seek!, params];
  const equal = (i: number) =>
    values[i] === null ? `${keys[i].sql} IS NULL` : `${keys[i].sql} = ${value(i)}`;
  const beyond = (i: number): string | null => {
    const key = keys[i];
    if (values[i] === null) return key.nullsFirst ? `${key.sql} IS NOT NULL` : null;
    const compared = `${key.sql} ${key.desc ? '<' : '>'} ${value(i)}`;
    return key.nullable && !key.nullsFirst ? `(${compared} OR ${key.sql} IS NULL)` : compared;
  };
  const arms: string[] = [];
  keys.forEach((_key, i) => {
    const last = beyond(i);
    if (last) arms.push([...keys.slice(0, i).map((_k, j) => equal(j)), last].join(' AND '));
  });
  const exact = arms.length ? `(${arms.map((arm) => `(${arm})`).join(' OR ')})` : 'FALSE';
  return [seek ? `(${seek} AND ${exact})` : exact, params];
}

const pgType = (type: KeyType): string => (type === 'float8' ? 'double precision' : type);

/**
 * Turns `first`/`after` into a page. The cursor is checked when the list is read, against that
 * list's order. With the resolver's `info`, the list is counted only when the query selects its
 * `totalCount`.
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
  return { limit, after: args.after ?? null, count };
}

/** Sorts a list query by its order. */
export function orderBy<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  order: ListOrder,
): SelectQueryBuilder<T> {
  qb.orderBy();
  for (const key of order.keys) {
    const nulls = key.nullable ? (key.nullsFirst ? 'NULLS FIRST' : 'NULLS LAST') : undefined;
    qb.addOrderBy(key.sql, key.desc ? 'DESC' : 'ASC', nulls);
  }
  return qb;
}

/**
 * Sorts a list query by its order and narrows it to the rows after the page's cursor, keeping an
 * unnarrowed copy to count the whole list when the page is counted. Each row's sort key is selected
 * for its cursor (`keyColumns`) as the database wrote it, so that the cursor compares exactly.
 */
export function keysetQuery<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  page: Page,
  order: ListOrder,
): { counted: SelectQueryBuilder<T> | null } {
  orderBy(qb, order);
  // The cursor is checked before anything is read.
  const after = page.after == null ? null : afterSql(order, decodeCursor(order, page.after));
  const counted = page.count !== false ? qb.clone() : null;
  if (after) qb.andWhere(after[0], after[1]);
  for (const [sql, alias] of keyColumns(order)) qb.addSelect(sql, alias);
  return { counted };
}

/**
 * Runs a list query for one page after the page's cursor, in the list's order: one statement that
 * reads one row past the page (to tell whether more follow), and a count of the whole list when the
 * page asks for it. Sets `page.cursors`.
 */
export async function pageOf<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  page: Page,
  order: ListOrder,
  count: (counted: SelectQueryBuilder<T>) => Promise<number> = countOf,
): Promise<[T[], number | null]> {
  const { counted } = keysetQuery(qb, page, order);
  const { entities, raw } = await qb.limit(page.limit + 1).getRawAndEntities<Record<string, unknown>>();
  page.cursors = cursorsOf(order, raw);
  return [entities, counted ? await count(counted) : null];
}

/**
 * How many rows a list query matches. A query without joins never repeats a row, so it is counted
 * with `count(*)` rather than TypeORM's `COUNT(DISTINCT id)`, which sorts or hashes every id first.
 */
export async function countOf<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>): Promise<number> {
  if (qb.expressionMap.joinAttributes.length > 0) return qb.getCount();
  const row = await qb
    .clone()
    .select('count(*)', 'total')
    .orderBy()
    .limit()
    .offset()
    .getRawOne<{ total: string }>();
  return Number(row?.total ?? 0);
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
 * Builds a connection from the rows read for a page, one past it when more follow, with their cursors
 * (`page.cursors` unless given) and the number of rows of the whole list (null when not counted).
 */
export function toConnection<T>(
  rows: T[],
  totalCount: number | null,
  page: Page,
  cursors: Cursors = page.cursors ?? [],
): Connection<T> {
  const nodes = rows.slice(0, page.limit);
  if (typeof cursors === 'function') {
    return {
      edges: nodes.map((node, index) => new LazyEdge(node, index, cursors)),
      totalCount,
      pageInfo: new LazyPageInfo(nodes.length, rows.length > page.limit, page.after != null, cursors),
    };
  }
  if (cursors.length < nodes.length) throw new Error('A page was read without the cursors of its rows.');
  const edges = nodes.map((node, index) => ({ node, cursor: cursors[index] }));
  return {
    edges,
    totalCount,
    pageInfo: {
      hasNextPage: rows.length > page.limit,
      hasPreviousPage: page.after != null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/** An edge whose cursor is encoded when the query reads it. */
class LazyEdge<T> {
  constructor(
    readonly node: T,
    private readonly index: number,
    private readonly cursorOf: (index: number) => string,
  ) {}
  get cursor(): string {
    return this.cursorOf(this.index);
  }
}

/** A page's PageInfo whose cursors are encoded when the query reads them. */
class LazyPageInfo implements PageInfo {
  constructor(
    private readonly size: number,
    readonly hasNextPage: boolean,
    readonly hasPreviousPage: boolean,
    private readonly cursorOf: (index: number) => string,
  ) {}
  get startCursor(): string | null {
    return this.size ? this.cursorOf(0) : null;
  }
  get endCursor(): string | null {
    return this.size ? this.cursorOf(this.size - 1) : null;
  }
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
