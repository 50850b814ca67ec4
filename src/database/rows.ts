import { createHash } from 'node:crypto';
import { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';

/** Rows of raw SQL with named parameters (`:name`), as TypeORM's query builder writes them. */
export async function rowsOf<T>(
  manager: EntityManager,
  text: string,
  params: Record<string, unknown>,
): Promise<T[]> {
  const [sql, values] = manager.connection.driver.escapeQueryWithParameters(text, params);
  return (await manager.query(sql, values)) as T[];
}

/**
 * Entities read with hand-written SQL, for the reads every request makes (units, posts, officials,
 * rows by id): the SQL says what to read, and the entities come straight from the rows.
 *
 * TypeORM's query builder rewrites its SQL on every call, and `getMany()` then rebuilds each row
 * through its general machinery (grouping by primary key, walking joins, converting every value).
 * On an org chart that was about a quarter of a request's CPU time, more than Postgres spent answering.
 * Our columns need no conversion: `pg` hands over numbers, booleans, JSON and timestamps, and calendar
 * dates stay strings (see data-source-options). So an entity is the row's values under the entity's
 * property names, on the entity's prototype. Rows come as arrays (pg's `rowMode: 'array'`), read by
 * position, rather than as objects keyed by column name that are read once and dropped: a page of
 * meetings with their participants and people then costs less CPU (bench/README.md).
 *
 *   select(ctx.manager, [OrgUnit, 'u'], 'WHERE u.code = :code', { code })
 *   → SELECT "u"."id", "u"."code", … FROM "org_unit" "u" WHERE u.code = $1
 *
 * `rest` follows the FROM clause (joins, WHERE, ORDER BY) and uses TypeORM's `:name` parameters, like
 * the visibility conditions of access/visibility. `joined` reads the rows of joined tables with the main
 * entity, each under a property of its `joined` record (a row whose joined primary key is null leaves
 * it undefined; see common/related); `extra`
 * adds select expressions by name, read back from `raw`. Where the main table is the outer side of a
 * join (`RIGHT JOIN`), a row without it has `undefined` in `entities` and its extras in `raw`.
 */
export async function select<T extends ObjectLiteral, R extends object = Record<string, never>>(
  manager: EntityManager,
  [entity, alias]: [EntityTarget<T>, string],
  rest: string,
  params: Record<string, unknown>,
  { joined = {}, extra = {}, prepared = false, only, from }: SelectOptions = {},
): Promise<{ entities: T[]; raw: R[] }> {
  const main = shapeOf(manager, entity, alias, only);
  const joins = Object.entries(joined).map(([property, [target, joinAlias, only]]) => ({
    property,
    shape: shapeOf(manager, target, joinAlias, only),
  }));
  const extras = Object.entries(extra);
  const columns = [
    main.columns,
    ...joins.map((join) => join.shape.columns),
    ...extras.map(([name, expression]) => `${expression} AS "${name}"`),
  ];
  const [text, values] = manager.connection.driver.escapeQueryWithParameters(
    `SELECT ${columns.join(', ')} FROM ${from ?? main.from} ${rest}`,
    params,
  );
  const name = prepared ? preparedName(manager, text) : undefined;
  // TypeORM hands the query to node-postgres as is, which takes a query config where a string goes.
  const query = { text, rowMode: 'array', ...(name && { name }) } as unknown as string;
  const rows = (await manager.query(query, values)) as unknown[][];
  const entities = rows.map((row) => {
    const entity = main.read(row, 0)!;
    if (joins.length) {
      const joinedRows: Record<string, unknown> = {};
      let at = main.width;
      for (const join of joins) {
        joinedRows[join.property] = join.shape.read(row, at);
        at += join.shape.width;
      }
      entity.joined = joinedRows;
    }
    return entity as T;
  });
  const extrasAt = main.width + joins.reduce((width, join) => width + join.shape.width, 0);
  const names = extras.map(([name]) => name);
  // A loop rather than Object.fromEntries: a dashboard's page reads a dozen of them on each of
  // hundreds of rows.
  const raw = names.length
    ? rows.map((row) => {
        const values: Record<string, unknown> = {};
        for (let i = 0; i < names.length; i++) values[names[i]] = row[extrasAt + i];
        return values as R;
      })
    : [];
  return { entities, raw };
}

/** Like `select`, when only the entities are wanted. */
export async function selectMany<T extends ObjectLiteral>(
  manager: EntityManager,
  from: [EntityTarget<T>, string],
  rest: string,
  params: Record<string, unknown>,
  options?: Omit<SelectOptions, 'extra'>,
): Promise<T[]> {
  return (await select<T>(manager, from, rest, params, options)).entities;
}

export interface SelectOptions {
  /**
   * Columns of joined tables, each read into the main entity's `joined` record under a property; a third element names
   * the only properties to read (the primary key is always read), for a join whose rows are many and
   * whose other columns the query does not ask for.
   */
  joined?: Record<string, [EntityTarget<ObjectLiteral>, string, (readonly string[])?]>;
  /** More select expressions, by the name `raw` gives them: `{ below: 'nlevel(u.path) - 1' }`. */
  extra?: Record<string, string>;
  /**
   * The only properties of the main entity to read (the primary key is always read), for a list whose
   * query asks few of its fields: the others are left undefined.
   */
  only?: readonly string[];
  /**
   * What the statement reads from when not the entity's table alone: the table under its alias joined
   * with a derived table (the ranked ids of a page, and what was read to rank them).
   */
  from?: string;
  /**
   * Prepare the statement once per connection and reuse its plan (on a server; see `preparedName`).
   * Only for a statement whose best plan does not depend on its parameters, such as a lookup by a
   * unique code. A plan is not reused well across sizes: the officials of one unit and of the whole
   * country want different joins, and a reused plan is slower there (bench/README.md).
   */
  prepared?: boolean;
}

const statementNames = new Map<string, string>();

/**
 * The name under which node-postgres prepares a statement: Postgres parses and plans it the first
 * times a connection runs it, then reuses the plan. For a unit with its ancestors, planning was half
 * of what Postgres spent on the request. None on the embedded database, whose one session is shared
 * by every connection: a name prepared there would outlive the connection that made it.
 */
function preparedName(manager: EntityManager, text: string): string | undefined {
  const options = manager.connection.options as { extra?: { preparedStatements?: boolean } };
  if (!options.extra?.preparedStatements) return undefined;
  let name = statementNames.get(text);
  if (!name) {
    name = `tz_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    statementNames.set(text, name);
  }
  return name;
}

interface Shape {
  /** `"u"."id", "u"."code", …`: the columns the API reads (not those marked `select: false`). */
  columns: string;
  /** `"id", "code", …`: the same columns unqualified (a RETURNING clause). */
  names: string;
  /** How many columns that is. */
  width: number;
  /** `"org_unit" "u"` */
  from: string;
  /** The entity in a row, from the column at `at`; undefined when its primary key is null. */
  read(row: unknown[], at: number): Record<string, unknown> | undefined;
}
const shapes = new WeakMap<EntityMetadata, Map<string, Shape>>();

/** How an entity is read under an alias; worked out once per entity, alias and choice of columns. */
function shapeOf(
  manager: EntityManager,
  entity: EntityTarget<ObjectLiteral>,
  alias: string,
  only?: readonly string[],
): Shape {
  const metadata = manager.connection.getMetadata(entity);
  let byAlias = shapes.get(metadata);
  if (!byAlias) shapes.set(metadata, (byAlias = new Map()));
  const key = only ? `${alias}:${only.join(',')}` : alias;
  let shape = byAlias.get(key);
  if (shape) return shape;
  const selected = metadata.columns.filter(
    (column) => column.isSelect && (!only || column.isPrimary || only.includes(column.propertyName)),
  );
  const properties = selected.map((column) => column.propertyName);
  const primaryAt = selected.indexOf(metadata.primaryColumns[0]);
  const prototype = (metadata.target as { prototype: object }).prototype;
  shape = {
    columns: selected.map((column) => `"${alias}"."${column.databaseName}"`).join(', '),
    names: selected.map((column) => `"${column.databaseName}"`).join(', '),
    width: selected.length,
    from: `"${metadata.tableName}" "${alias}"`,
    read: (row, at) => {
      if (row[at + primaryAt] == null) return undefined;
      const entity = Object.create(prototype) as Record<string, unknown>;
      for (let i = 0; i < properties.length; i++) entity[properties[i]] = row[at + i];
      return entity;
    },
  };
  byAlias.set(key, shape);
  return shape;
}

/** TypeORM's INSERT of rows (defaults, version and date columns as `manager.insert` fills them) returning `columns`. */
function insertStatement<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  rows: Partial<T> | Partial<T>[],
  columns: string,
): [string, unknown[]] {
  return manager
    .createQueryBuilder()
    .insert()
    .into(entity)
    .values(rows as never)
    .returning(columns)
    .getQueryAndParameters();
}

/**
 * Inserts rows and answers them as stored (generated ids, defaults, versions), from the insert's own
 * RETURNING: a row just written is not read again. TypeORM builds the INSERT (defaults, version and
 * date columns as `manager.insert` does); the rows come back as `select` reads them.
 */
export async function insertReturning<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  rows: Partial<T>[],
): Promise<T[]> {
  if (!rows.length) return [];
  const shape = shapeOf(manager, entity, '');
  const [text, values] = insertStatement(manager, entity, rows, shape.names);
  // As in `select`: node-postgres takes a query config where TypeORM passes a string.
  const query = { text, rowMode: 'array' } as unknown as string;
  const written = (await manager.query(query, values)) as unknown[][];
  return written.map((row) => shape.read(row, 0) as T);
}

/**
 * Inserts a row with the rows of other tables that refer to it, in one statement, and answers the row
 * as stored. The row goes in as `insertReturning` puts it; each other table's rows come as one JSON
 * parameter (`json_populate_recordset`) in a WITH clause, their columns left out taking their
 * defaults. Foreign keys are checked at the end of the statement, once the row exists: the rows
 * must name it by an id chosen before (no RETURNING feeds them).
 */
export async function insertWithRows<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  fields: Partial<T>,
  others: [EntityTarget<ObjectLiteral>, ObjectLiteral[]][],
): Promise<T> {
  const shape = shapeOf(manager, entity, '');
  const [insert, values] = insertStatement(manager, entity, fields, shape.names);
  const params: unknown[] = [...values];
  const inserts: string[] = [];
  for (const [other, rows] of others) {
    if (!rows.length) continue;
    const { tableName, columns } = manager.connection.getMetadata(other);
    const given = columns.filter((column) => rows.some((row) => row[column.propertyName] !== undefined));
    params.push(
      JSON.stringify(
        rows.map((row) =>
          Object.fromEntries(given.map((c) => [c.databaseName, row[c.propertyName] ?? null])),
        ),
      ),
    );
    const list = given.map((column) => `"${column.databaseName}"`).join(', ');
    inserts.push(
      `w${inserts.length} AS (INSERT INTO "${tableName}" (${list}) SELECT ${list}
         FROM json_populate_recordset(CAST(NULL AS "${tableName}"), CAST($${params.length} AS json)))`,
    );
  }
  const text = inserts.length ? `WITH row AS (${insert}), ${inserts.join(', ')} SELECT * FROM row` : insert;
  // As in `select`: node-postgres takes a query config where TypeORM passes a string.
  const query = { text, rowMode: 'array' } as unknown as string;
  const [row] = (await manager.query(query, params)) as unknown[][];
  return shape.read(row, 0) as T;
}

/**
 * A row read as JSON (`to_json`, `json_agg`) under the entity's property names instead of its column
 * names: a snapshot of a row and its children in one statement reads like the entities themselves.
 */
export function asProperties<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  row: Record<string, unknown>,
): Record<string, unknown> {
  const { columns } = manager.connection.getMetadata(entity);
  return Object.fromEntries(
    columns.filter((column) => column.databaseName in row).map((c) => [c.propertyName, row[c.databaseName]]),
  );
}

/**
 * The SQL of `asProperties` itself: a `json_build_object` of the row under `alias` keyed by the
 * entity's property names, for a snapshot built by the statement that stores it. Each value is
 * converted as `to_json` converts it, so both give the same JSON. `more` adds pairs (children).
 */
export function propertiesJson(
  manager: EntityManager,
  entity: EntityTarget<ObjectLiteral>,
  alias: string,
  more: Record<string, string> = {},
): string {
  const { columns } = manager.connection.getMetadata(entity);
  const pairs = [
    ...columns.map((column) => `'${column.propertyName}', "${alias}"."${column.databaseName}"`),
    ...Object.entries(more).map(([key, expression]) => `'${key}', ${expression}`),
  ];
  return `json_build_object(${pairs.join(', ')})`;
}
