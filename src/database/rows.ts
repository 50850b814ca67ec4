import { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Entities read with hand-written SQL, for the reads every request makes (units, posts, officials,
 * rows by id): the SQL says what to read, and the entities come straight from the rows.
 *
 * TypeORM's query builder rewrites its SQL on every call, and `getMany()` then rebuilds each row
 * through its general machinery (grouping by primary key, walking joins, converting every value).
 * On an org chart that was about a quarter of a request's CPU time, more than Postgres spent answering.
 * Our columns need no conversion: `pg` hands over numbers, booleans, JSON and timestamps, and calendar
 * dates stay strings (see data-source-options). So an entity is the row's values under the entity's
 * property names, on the entity's prototype.
 *
 *   select(ctx.manager, [OrgUnit, 'u'], 'WHERE u.code = :code', { code })
 *   → SELECT "u"."id" AS "u_id", … FROM "org_unit" "u" WHERE u.code = $1
 *
 * `rest` follows the FROM clause (joins, WHERE, ORDER BY) and uses TypeORM's `:name` parameters, like
 * the visibility conditions of auth/visibility. `joined` puts the columns of joined tables on the main
 * entity, each under a property (a row whose joined primary key is null leaves it undefined); `extra`
 * adds select expressions, read back from `raw`.
 */
export async function select<T extends ObjectLiteral, R extends object = Record<string, never>>(
  manager: EntityManager,
  [entity, alias]: [EntityTarget<T>, string],
  rest: string,
  params: Record<string, unknown>,
  {
    joined = {},
    extra,
  }: { joined?: Record<string, [EntityTarget<ObjectLiteral>, string]>; extra?: string } = {},
): Promise<{ entities: T[]; raw: (R & Record<string, unknown>)[] }> {
  const main = shapeOf(manager, entity, alias);
  const joins = Object.entries(joined).map(([property, [target, joinAlias]]) => ({
    property,
    shape: shapeOf(manager, target, joinAlias),
  }));
  const columns = [main.columns, ...joins.map((join) => join.shape.columns), ...(extra ? [extra] : [])];
  const [sql, values] = manager.connection.driver.escapeQueryWithParameters(
    `SELECT ${columns.join(', ')} FROM ${main.from} ${rest}`,
    params,
  );
  const raw = (await manager.query(sql, values)) as (R & Record<string, unknown>)[];
  const entities = raw.map((row) => {
    const entity = main.read(row)!;
    for (const join of joins) entity[join.property] = join.shape.read(row);
    return entity as T;
  });
  return { entities, raw };
}

/** Like `select`, when only the entities are wanted. */
export async function selectMany<T extends ObjectLiteral>(
  manager: EntityManager,
  from: [EntityTarget<T>, string],
  rest: string,
  params: Record<string, unknown>,
  joined?: Record<string, [EntityTarget<ObjectLiteral>, string]>,
): Promise<T[]> {
  return (await select<T>(manager, from, rest, params, { joined })).entities;
}

interface Shape {
  /** `"u"."id" AS "u_id", …`: the columns the API reads (not those marked `select: false`). */
  columns: string;
  /** `"org_unit" "u"` */
  from: string;
  read(row: Record<string, unknown>): Record<string, unknown> | undefined;
}
const shapes = new WeakMap<EntityMetadata, Map<string, Shape>>();

/** How an entity is read under an alias; worked out once per entity and alias. */
function shapeOf(manager: EntityManager, entity: EntityTarget<ObjectLiteral>, alias: string): Shape {
  const metadata = manager.connection.getMetadata(entity);
  let byAlias = shapes.get(metadata);
  if (!byAlias) shapes.set(metadata, (byAlias = new Map()));
  let shape = byAlias.get(alias);
  if (shape) return shape;
  const columns = metadata.columns
    .filter((column) => column.isSelect)
    .map((column) => {
      // Postgres keeps 63 characters of a name: longer aliases would collide.
      const key = `${alias}_${column.databaseName}`;
      if (key.length > 63) throw new Error(`select: the column alias ${key} is too long.`);
      return { property: column.propertyName, key, sql: `"${alias}"."${column.databaseName}" AS "${key}"` };
    });
  const primaryKey = `${alias}_${metadata.primaryColumns[0].databaseName}`;
  const prototype = (metadata.target as { prototype: object }).prototype;
  shape = {
    columns: columns.map((column) => column.sql).join(', '),
    from: `"${metadata.tableName}" "${alias}"`,
    read: (row) => {
      if (row[primaryKey] == null) return undefined;
      const entity = Object.create(prototype) as Record<string, unknown>;
      for (const { property, key } of columns) entity[property] = row[key];
      return entity;
    },
  };
  byAlias.set(alias, shape);
  return shape;
}
