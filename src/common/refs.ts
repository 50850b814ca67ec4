import { applyDecorators } from '@nestjs/common';
import { Field } from '@nestjs/graphql';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { RequestContext } from './context';
import { BadInputError, NotFoundError } from './errors';

/**
 * Things a person names by a code as readily as an id: a unit (PAM-MA-TNG), a territory (MA-TNG,
 * 01.511.01.06). Inputs taking one offer both fields (`unit` and `unitCode`); this is the one place
 * that decides which was given and turns a code into the id the services work with.
 */
export type RefKind = 'unit' | 'territory';

const NAMES: Record<RefKind, string> = { unit: 'Org unit', territory: 'Territory' };

/** Answers the id of the thing with this code that the caller may see, or null (as if absent). */
export type CodeLookup = (ctx: RequestContext, code: string) => Promise<string | null>;

const lookups = new Map<RefKind, CodeLookup>();

/** Declared once by the feature that owns the codes (org-units, territories). */
export function registerCodeLookup(kind: RefKind, lookup: CodeLookup): void {
  lookups.set(kind, lookup);
}

/** The two fields an input names a thing with, as GraphQL field names. */
export interface RefFields {
  id: string;
  code: string;
}

/**
 * The id an input names by `fields.id` or `fields.code`: exactly one is required (BAD_USER_INPUT
 * otherwise); a code nobody visible to the caller holds is NOT_FOUND, like an absent one.
 */
export async function requiredRef(
  ctx: RequestContext,
  kind: RefKind,
  input: object,
  fields: RefFields,
): Promise<string> {
  const id = await optionalRef(ctx, kind, input, fields);
  if (id == null) throw new BadInputError(`Give ${fields.id} or ${fields.code}.`, fields.id);
  return id;
}

/** Like `requiredRef` when neither may be given: undefined then (null when the id field is null). */
export async function optionalRef(
  ctx: RequestContext,
  kind: RefKind,
  input: object,
  fields: RefFields,
): Promise<string | null | undefined> {
  const values = input as Record<string, unknown>;
  const id = values[fields.id] as string | null | undefined;
  const code = values[fields.code] as string | null | undefined;
  if (id != null && code != null) {
    throw new BadInputError(`Give ${fields.id} or ${fields.code}, not both.`, fields.id);
  }
  if (code == null) return id;
  const lookup = lookups.get(kind);
  if (!lookup) throw new Error(`No code lookup registered for ${kind}.`);
  const found = await lookup(ctx, code.trim().toUpperCase());
  if (!found) throw new NotFoundError(NAMES[kind], code);
  return found;
}

/** The code field beside an id field of an input (`parentCode` beside `parentId`). */
export const CodeField = (description: string) =>
  applyDecorators(
    Field(() => String, { nullable: true, description }),
    IsOptional(),
    IsString(),
    MaxLength(40, { message: 'A code is limited to 40 characters.' }),
  );

/** One thing an input names by id or code: its kind, its two fields, and whether one is required. */
export type RefSpec = [kind: RefKind, fields: RefFields, required: boolean];

/**
 * The input with each thing it names by code replaced by its id (the id field set, the code field
 * removed): the services then work with ids only. Refuses an input naming a thing both ways, or a
 * required one neither way (BAD_USER_INPUT); an unknown or unreachable code is NOT_FOUND.
 */
export async function withRefs<T extends object>(
  ctx: RequestContext,
  input: T,
  refs: readonly RefSpec[],
): Promise<T> {
  const resolved: Record<string, unknown> = { ...(input as Record<string, unknown>) };
  for (const [kind, fields, required] of refs) {
    const id = required
      ? await requiredRef(ctx, kind, input, fields)
      : await optionalRef(ctx, kind, input, fields);
    delete resolved[fields.code];
    if (id !== undefined) resolved[fields.id] = id;
  }
  return resolved as T;
}
