import { EntityMetadata, ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * Entities read straight from a query builder's raw rows.
 *
 * TypeORM's `getMany()` rebuilds every row through its general machinery: it groups rows by primary
 * key, walks every join, and passes each value through the driver's conversion. On an org chart of a
 * few hundred rows that was a third of a request's CPU time. Our columns need none of it: `pg`
 * already hands over numbers, booleans, JSON and timestamps, and calendar dates stay strings (see
 * data-source-options). So each entity is the row's values under the entity's property names, on the
 * entity's prototype, and nothing else.
 *
 * Reads with `…AndMapOne` joins name the property and the alias each joined row goes to; a joined row
 * whose primary key is null (a left join that found nothing) is left undefined.
 */
export async function readEntities<T extends ObjectLiteral, R extends object = Record<string, unknown>>(
  qb: SelectQueryBuilder<T>,
  joined: Record<string, string> = {},
): Promise<{ entities: T[]; raw: R[] }> {
  const { mainAlias, aliases } = qb.expressionMap;
  const main = readerOf(mainAlias!.metadata, mainAlias!.name);
  const joins = Object.entries(joined).map(([property, alias]) => {
    const metadata = aliases.find((candidate) => candidate.name === alias)?.metadata;
    if (!metadata) throw new Error(`readEntities: no joined alias "${alias}" in the query.`);
    return { property, read: readerOf(metadata, alias) };
  });
  const raw = await qb.getRawMany<R & Record<string, unknown>>();
  const entities = raw.map((row) => {
    const entity = main(row) as Record<string, unknown>;
    for (const join of joins) entity[join.property] = join.read(row);
    return entity as T;
  });
  return { entities, raw };
}

/** Like `readEntities`, when only the entities are wanted. */
export async function readMany<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  joined: Record<string, string> = {},
): Promise<T[]> {
  return (await readEntities(qb, joined)).entities;
}

/** The first entity of a read, or null. */
export async function readOne<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>): Promise<T | null> {
  return (await readMany(qb.limit(1)))[0] ?? null;
}

type Reader = (row: Record<string, unknown>) => object | undefined;
const readers = new WeakMap<EntityMetadata, Map<string, Reader>>();

/** One entity from a raw row, for an entity read under an alias (built once per entity and alias). */
function readerOf(metadata: EntityMetadata, alias: string): Reader {
  let byAlias = readers.get(metadata);
  if (!byAlias) readers.set(metadata, (byAlias = new Map()));
  let reader = byAlias.get(alias);
  if (reader) return reader;
  // TypeORM names a selected column `<alias>_<column>` (Postgres keeps 63 characters of a name).
  const columns = metadata.columns
    .filter((column) => column.isSelect)
    .map((column) => {
      const key = `${alias}_${column.databaseName}`;
      if (key.length > 63) throw new Error(`readEntities: the column alias ${key} is too long.`);
      return { property: column.propertyName, key };
    });
  const primaryKey = `${alias}_${metadata.primaryColumns[0].databaseName}`;
  const prototype = (metadata.target as { prototype: object }).prototype;
  reader = (row) => {
    if (row[primaryKey] == null) return undefined;
    const entity = Object.create(prototype) as Record<string, unknown>;
    for (const { property, key } of columns) entity[property] = row[key];
    return entity;
  };
  byAlias.set(alias, reader);
  return reader;
}
