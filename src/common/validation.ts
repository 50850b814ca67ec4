import { applyDecorators, ArgumentMetadata, Type, ValidationPipe } from '@nestjs/common';
import { plainToInstance, Transform } from 'class-transformer';
import {
  getMetadataStorage,
  IsOptional,
  IsString,
  Length,
  Matches,
  validate,
  ValidateIf,
} from 'class-validator';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';

export const NAME_MAX_LENGTH = 200;
export const TEXT_MAX_LENGTH = 2000;

/**
 * Characters no name or text may carry: control characters (NUL included: Postgres cannot store it),
 * bidirectional overrides and isolates (they make a name display as something else), zero-width
 * space and BOM. Tabs and line breaks are allowed in free text only.
 */
/* eslint-disable no-control-regex -- matching control characters is the point */
const FORBIDDEN_IN_NAMES = /[\u0000-\u001f\u007f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/u;
const FORBIDDEN_IN_TEXT =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b\u202a-\u202e\u2066-\u2069\ufeff]/u;
/* eslint-enable no-control-regex */
const Clean = (label: string, pattern: RegExp) =>
  Matches(new RegExp(`^(?:(?!${pattern.source}).)*$`, 'su'), {
    message: `${label} contains control or invisible direction characters.`,
  });

/** Trims strings; leaves other values (null, numbers) for the validators to judge. */
export const Trim = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/**
 * A nullable field in an update: absent = keep, null = clear, a value = set. Only a present, non-null
 * value is validated.
 */
export const OptionalValue = () => ValidateIf((_object, value) => value !== undefined && value !== null);

/** A name in Arabic script (it must contain Arabic letters), 1–200 characters after trimming. */
export function ArabicName(label: string) {
  return applyDecorators(
    Trim(),
    IsString(),
    Length(1, NAME_MAX_LENGTH, { message: `${label} must be 1 to ${NAME_MAX_LENGTH} characters long.` }),
    Matches(/\p{Script=Arabic}/u, { message: `${label} must be written in Arabic script.` }),
    Clean(label, FORBIDDEN_IN_NAMES),
  );
}

/** A name in French or Latin transliteration (it must contain Latin letters), 1–200 characters. */
export function LatinName(label: string) {
  return applyDecorators(
    Trim(),
    IsString(),
    Length(1, NAME_MAX_LENGTH, { message: `${label} must be 1 to ${NAME_MAX_LENGTH} characters long.` }),
    Matches(/\p{Script=Latin}/u, { message: `${label} must be written in Latin letters.` }),
    Clean(label, FORBIDDEN_IN_NAMES),
  );
}

/** Free text (a source, a note): trimmed, at most 2000 characters, optional. */
export function OptionalText(label: string) {
  return applyDecorators(
    Trim(),
    IsOptional(),
    IsString(),
    Length(1, TEXT_MAX_LENGTH, { message: `${label} must be 1 to ${TEXT_MAX_LENGTH} characters long.` }),
    Clean(label, FORBIDDEN_IN_TEXT),
  );
}

/**
 * Nest's ValidationPipe (inputs become class instances, then their rules are checked), made cheap for
 * field arguments, which arrive once per row: `officials(asOf)` on every unit of an org chart,
 * `meetings(from, to, first)` on every unit of a dashboard, each time with the same values.
 * - An arguments class without any rule is only converted. (class-validator looks a class's rules up
 *   by scanning every rule of the application, on every call: for `officials` that scan was a seventh
 *   of an org chart's CPU time, and found nothing.)
 * - A small input that already passed its class's rules is not checked again: the rules are pure
 *   functions of the input (none reads the clock or the database), so it would pass again.
 */
export class InputValidationPipe extends ValidationPipe {
  private readonly hasRules = new Map<Type<unknown>, Promise<boolean>>();
  private readonly passed = new Map<Type<unknown>, Set<string>>();

  constructor() {
    super({ transform: true, forbidUnknownValues: false });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const { metatype } = metadata;
    if (!metatype || !this.toValidate(metadata) || value === null || typeof value !== 'object') {
      return super.transform(value, metadata);
    }
    let hasRules = this.hasRules.get(metatype);
    if (!hasRules) this.hasRules.set(metatype, (hasRules = hasValidationRules(metatype)));
    if (!(await hasRules)) return plainToInstance(metatype, value, this.transformOptions);

    const key = JSON.stringify(value);
    if (key.length > MEMO_MAX_INPUT) return super.transform(value, metadata);
    let passed = this.passed.get(metatype);
    if (!passed) this.passed.set(metatype, (passed = new Set()));
    if (passed.has(key)) return plainToInstance(metatype, value, this.transformOptions);
    const checked: unknown = await super.transform(value, metadata); // throws when a rule fails
    if (passed.size >= MEMO_MAX_ENTRIES) passed.clear();
    passed.add(key);
    return checked;
  }
}

/**
 * For a field resolver with arguments, written as a plain GraphQL resolver whose second parameter
 * carries `@Args()`: `officials(unit, @Args() args: AsOfArgs, ctx)`. @nestjs/graphql calls a field
 * resolver directly only when it has no parameter decorators; otherwise every call goes through
 * Nest's per-call context (parameter extraction, pipes), which on an org chart's `officials` was a
 * tenth of the request's CPU time and a quarter of what it allocated. This decorator keeps `@Args()`
 * for the schema, takes it out of Nest's parameter list, and checks the arguments itself: a class
 * with validation rules goes through InputValidationPipe as any input does; without rules (a date,
 * a language: the scalar or enum has already checked it) the arguments are passed as GraphQL gives
 * them. Put it below `@ResolveField()`.
 */
export function DirectResolver(): MethodDecorator {
  return (target, key, descriptor) => {
    Reflect.deleteMetadata(ROUTE_ARGS_METADATA, target.constructor, key);
    const argsType = (Reflect.getMetadata('design:paramtypes', target, key) as Type<unknown>[])[1];
    const withRules = hasRulesNow(argsType);
    const resolve = descriptor.value as unknown as (...params: unknown[]) => unknown;
    const direct = withRules
      ? async function (this: unknown, parent: unknown, args: unknown, ...rest: unknown[]) {
          const checked = await fieldArgumentsPipe.transform(args, { type: 'body', metatype: argsType });
          return resolve.call(this, parent, checked, ...rest);
        }
      : resolve;
    (descriptor as PropertyDescriptor).value = direct;
  };
}

const fieldArgumentsPipe = new InputValidationPipe();

/** Whether a parameter type is a class with class-validator rules (read once, when a resolver is declared). */
function hasRulesNow(type: Type<unknown> | undefined): boolean {
  if (!type || type === Object || type === String || type === Number || type === Boolean) return false;
  return getMetadataStorage().getTargetValidationMetadatas(type, '', true, false).length > 0;
}

/** Inputs longer than this (as JSON) are always checked; at most this many are remembered per class. */
const MEMO_MAX_INPUT = 1024;
const MEMO_MAX_ENTRIES = 1000;

/** Whether class-validator has any rule for a class ("forbidUnknownValues" refuses a class without one). */
async function hasValidationRules(metatype: Type<unknown>): Promise<boolean> {
  const errors = await validate({ constructor: metatype }, { forbidUnknownValues: true });
  return !errors.some((error) => error.constraints?.unknownValue);
}
