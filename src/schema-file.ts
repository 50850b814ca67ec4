import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { lexicographicSortSchema, printSchema } from 'graphql';

/** The repository root: the nearest folder above this file with a package.json (from src/ or dist/src/). */
function projectRoot(from = __dirname): string {
  return existsSync(join(from, 'package.json')) ? from : projectRoot(dirname(from));
}

export const SCHEMA_FILE = join(projectRoot(), 'schema.gql');

/** The SDL the running app serves, sorted: what `schema.gql` must contain. */
export function servedSchema(app: NestFastifyApplication): string {
  const { schema } = app.get(GraphQLSchemaHost);
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}

export const committedSchema = (): string => readFileSync(SCHEMA_FILE, 'utf8');
export const writeSchema = (sdl: string): void => writeFileSync(SCHEMA_FILE, sdl);
