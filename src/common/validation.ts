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
import { GraphQLResolveInfo } from 'graphql';
import { BadInputError } from './errors';

export const NAME_MAX_LENGTH = 200;
export const TEXT_MAX_LENGTH = 2000;

/**
 * One text policy for every string an input carries. Three kinds, each field marked with `TextKind`:
 * - `name` (the default: names, titles, codes, emails, phone numbers, ids, tokens, searches): no
 *   character that is invisible or changes how its neighbours display, so a name shows what it is
 *   and compares as it looks.
 * - `text` (free text: notes, summaries, sources, an address): the same, except tab and line breaks,
 *   and the joiners (ZWNJ, ZWJ) and variation selectors that shape letters and emoji in prose.
 * - `password`: anything printable; only control characters are refused.
 * No kind accepts an unpaired UTF-16 surrogate (it cannot be stored as UTF-8: the database would keep
 * U+FFFD instead, silently).
 */
export type TextKindName = 'name' | 'text' | 'password';

const CONTROLS = '\u0000-\u001f\u007f-\u009f';
const CONTROLS_BUT_TAB_AND_BREAKS = '\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f';
/** Invisible or direction-changing in any text (README, "Limits, health", names them). */
const INVISIBLE =
  '\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200e\u200f\u2028\u2029' +
  '\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb\u{e0000}-\u{e007f}';
/** Noncharacters: U+FDD0–U+FDEF and the last two code points of every plane. */
const NONCHARACTERS =
  '\ufdd0-\ufdef' +
  Array.from({ length: 17 }, (_, plane) =>
    String.fromCodePoint(plane * 0x10000 + 0xfffe, plane * 0x10000 + 0xffff),
  ).join('');
/** Shape letters and emoji in prose, meaningless in a name. */
const JOINERS_AND_SELECTORS = '\u200c\u200d\ufe00-\ufe0f\u{e0100}-\u{e01ef}';
const PRIVATE_USE = '\ue000-\uf8ff\u{f0000}-\u{ffffd}\u{100000}-\u{10fffd}';

const FORBIDDEN: Record<TextKindName, RegExp> = {
  name: new RegExp(`[${CONTROLS}${INVISIBLE}${NONCHARACTERS}${JOINERS_AND_SELECTORS}${PRIVATE_USE}]`, 'u'),
  text: new RegExp(`[${CONTROLS_BUT_TAB_AND_BREAKS}${INVISIBLE}${NONCHARACTERS}]`, 'u'),
  password: new RegExp(`[${CONTROLS}]`, 'u'),
};
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const codePoint = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

const loneSurrogateProblem = (value: string): string | null => {
  const lone = LONE_SURROGATE.exec(value);
  return lone
    ? `contains an unpaired surrogate (${codePoint(lone[0])}): the text is not valid Unicode.`
    : null;
};

/** Why `value` breaks the policy for `kind`, or null. */
export function textProblem(value: string, kind: TextKindName): string | null {
  const lone = loneSurrogateProblem(value);
  if (lone) return lone;
  const bad = FORBIDDEN[kind].exec(value);
  if (bad) return `contains an invisible, control or direction character (${codePoint(bad[0])}).`;
  return null;
}

const TEXT_KIND = Symbol('textKind');

const HOLDS_SECRETS = Symbol('holdsSecrets');

/** Marks a string field with its kind of text (unmarked fields are names). */
export const TextKind =
  (kind: TextKindName): PropertyDecorator =>
  (target, key) => {
    Reflect.defineMetadata(TEXT_KIND, kind, target, key);
    // An input with a secret is never remembered by the pipe below: the memory would keep it.
    if (kind === 'password') Reflect.defineMetadata(HOLDS_SECRETS, true, target);
  };

const holdsSecrets = (metatype: Type<unknown>): boolean =>
  Reflect.getMetadata(HOLDS_SECRETS, metatype.prototype as object) === true;

const kindOf = (owner: object, key: string): TextKindName =>
  (Reflect.getMetadata(TEXT_KIND, owner, key) as TextKindName | undefined) ?? 'name';

/**
 * Checks every string in an input, however deep, against the policy of its field: a field added
 * tomorrow is checked too, as a name unless marked otherwise. Throws BAD_USER_INPUT naming the field.
 */
export function checkTexts(value: unknown, path: string, kind: TextKindName = 'name'): void {
  walkStrings(value, path, kind, textProblem);
}

/**
 * Refuses unpaired surrogates anywhere in a raw input, before any rule reads it: some (the email
 * check) throw on them instead of answering.
 */
export function checkEncoding(value: unknown, path: string): void {
  walkStrings(value, path, 'name', loneSurrogateProblem);
}

function walkStrings(
  value: unknown,
  path: string,
  kind: TextKindName,
  problemOf: (value: string, kind: TextKindName) => string | null,
): void {
  if (typeof value === 'string') {
    const problem = problemOf(value, kind);
    if (problem) throw new BadInputError(`${path || 'The input'} ${problem}`, path || undefined);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => walkStrings(item, `${path}[${i}]`, kind, problemOf));
  } else if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    for (const [key, item] of Object.entries(value)) {
      walkStrings(item, path ? `${path}.${key}` : key, kindOf(value, key), problemOf);
    }
  }
}

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
  );
}

/** A name in French or Latin transliteration (it must contain Latin letters), 1–200 characters. */
export function LatinName(label: string) {
  return applyDecorators(
    Trim(),
    IsString(),
    Length(1, NAME_MAX_LENGTH, { message: `${label} must be 1 to ${NAME_MAX_LENGTH} characters long.` }),
    Matches(/\p{Script=Latin}/u, { message: `${label} must be written in Latin letters.` }),
  );
}

/** Free text (a source, a note): trimmed, at most 2000 characters, optional; tabs and line breaks allowed. */
export function OptionalText(label: string) {
  return applyDecorators(
    Trim(),
    IsOptional(),
    IsString(),
    Length(1, TEXT_MAX_LENGTH, { message: `${label} must be 1 to ${TEXT_MAX_LENGTH} characters long.` }),
    TextKind('text'),
  );
}

/** Free text that must be given (a source that vouches for a fact): trimmed, 1–2000 characters. */
export function RequiredText(label: string) {
  return applyDecorators(
    Trim(),
    IsString(),
    Length(1, TEXT_MAX_LENGTH, { message: `${label} must be 1 to ${TEXT_MAX_LENGTH} characters long.` }),
    TextKind('text'),
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
    const path = metadata.data ?? '';
    if (!metatype || !this.toValidate(metadata) || value === null || typeof value !== 'object') {
      // A lone string argument (an id, a code); context and info objects are not inputs.
      if (typeof value === 'string') checkTexts(value, path);
      return super.transform(value, metadata);
    }
    let hasRules = this.hasRules.get(metatype);
    if (!hasRules) this.hasRules.set(metatype, (hasRules = hasValidationRules(metatype)));
    if (!(await hasRules)) return textsChecked(plainToInstance(metatype, value, this.transformOptions), path);

    const key = JSON.stringify(value);
    if (key.length > MEMO_MAX_INPUT || holdsSecrets(metatype)) {
      checkEncoding(value, path);
      return textsChecked(await super.transform(value, metadata), path);
    }
    let passed = this.passed.get(metatype);
    if (!passed) this.passed.set(metatype, (passed = new Set()));
    if (passed.has(key)) return plainToInstance(metatype, value, this.transformOptions);
    checkEncoding(value, path);
    // Throws when a rule fails; texts are checked on the instance, where each field's kind is known.
    const checked = textsChecked(await super.transform(value, metadata), path);
    if (passed.size >= MEMO_MAX_ENTRIES) passed.clear();
    passed.add(key);
    return checked;
  }
}

const textsChecked = <T>(input: T, path: string): T => {
  checkTexts(input, path);
  return input;
};

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
/** Where `@DirectResolver()` marks a method, with the parameter decorators it took out of Nest's list. */
export const DIRECT_RESOLVER_METADATA = 'tanzim:direct_resolver';

export function DirectResolver(): MethodDecorator {
  return (target, key, descriptor) => {
    // The parameter decorators taken out are kept under the marker, for the check of the convention.
    const taken = (Reflect.getMetadata(ROUTE_ARGS_METADATA, target.constructor, key) ?? {}) as object;
    Reflect.defineMetadata(DIRECT_RESOLVER_METADATA, taken, target.constructor, key);
    Reflect.deleteMetadata(ROUTE_ARGS_METADATA, target.constructor, key);
    const argsType = (Reflect.getMetadata('design:paramtypes', target, key) as Type<unknown>[])[1];
    const withRules = hasRulesNow(argsType);
    const resolve = descriptor.value as unknown as (...params: unknown[]) => unknown;
    const direct = withRules
      ? async function (this: unknown, parent: unknown, args: unknown, ...rest: unknown[]) {
          const info = rest[1] as GraphQLResolveInfo | undefined;
          return resolve.call(this, parent, await checkedArguments(args, argsType!, info), ...rest);
        }
      : resolve;
    (descriptor as PropertyDescriptor).value = direct;
  };
}

const fieldArgumentsPipe = new InputValidationPipe();

const checkedByField = new WeakMap<object, WeakMap<object, Promise<unknown>>>();

/**
 * A field's arguments, checked once per request: they follow from the field's place in the query
 * document and the request's variables, so they are the same on each of the hundreds of rows a list
 * resolves the field for (converting them again on each row was a few per cent of a dashboard's CPU
 * time). Frozen, since every row shares them.
 */
function checkedArguments(
  args: unknown,
  argsType: Type<unknown>,
  info: GraphQLResolveInfo | undefined,
): Promise<unknown> {
  const check = () => fieldArgumentsPipe.transform(args, { type: 'body', metatype: argsType });
  const field = info?.fieldNodes[0];
  const variables = info?.variableValues;
  if (!field || !variables) return check();
  let byVariables = checkedByField.get(field);
  if (!byVariables) checkedByField.set(field, (byVariables = new WeakMap()));
  let checked = byVariables.get(variables);
  if (!checked) {
    checked = check().then((value) => Object.freeze(value));
    byVariables.set(variables, checked);
  }
  return checked;
}

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
