import { ArgsType, Field, registerEnumType } from '@nestjs/graphql';
import { BadInputError } from './errors';
import { normalizeName } from './text';

export enum Lang {
  AR = 'AR',
  FR = 'FR',
}
registerEnumType(Lang, {
  name: 'Lang',
  description: 'Arabic first; French/Latin forms beside it.',
  valuesMap: { AR: { description: 'Arabic.' }, FR: { description: 'French (Latin script for names).' } },
});

/** The `lang` argument every name-bearing field takes. */
@ArgsType()
export class LangArgs {
  @Field(() => Lang, {
    defaultValue: Lang.AR,
    description: 'AR (default) or FR: the other one answers when this one is missing.',
  })
  lang: Lang;
}

export function pickName(lang: Lang, arabic: string | null, french: string | null): string {
  return (lang === Lang.AR ? (arabic ?? french) : (french ?? arabic)) ?? '';
}

/**
 * A GraphQL enum from a list of values that the entity layer also uses, each value described (the
 * schema documents itself).
 */
export function enumOf<T extends string>(
  values: readonly T[],
  name: string,
  description: string,
  meanings: { [K in T]: string },
): { [K in T]: K } {
  const object = Object.fromEntries(values.map((value) => [value, value])) as { [K in T]: K };
  const valuesMap = Object.fromEntries(values.map((value) => [value, { description: meanings[value] }])) as {
    [K in T]: { description: string };
  };
  registerEnumType(object, { name, description, valuesMap });
  return object;
}

/** Longest alias, and most aliases one person or unit may have (the database holds the first). */
export const ALIAS_MAX_LENGTH = 200;
export const ALIASES_MAX = 20;

/**
 * A list of aliases as recorded: trimmed, each once (spellings that fold to the same search text
 * count once), in the order given. BAD_USER_INPUT for an empty or too long alias or too many.
 */
export function cleanAliases(names: readonly string[], field = 'aliases'): string[] {
  const kept = new Map<string, string>();
  for (const raw of names) {
    const name = raw.trim().replace(/\s+/g, ' ');
    if (!normalizeName(name)) {
      throw new BadInputError('An alias must contain at least one letter or digit.', field);
    }
    if (name.length > ALIAS_MAX_LENGTH) {
      throw new BadInputError(`An alias is limited to ${ALIAS_MAX_LENGTH} characters.`, field);
    }
    if (!kept.has(normalizeName(name))) kept.set(normalizeName(name), name);
  }
  if (kept.size > ALIASES_MAX) throw new BadInputError(`At most ${ALIASES_MAX} aliases.`, field);
  return [...kept.values()];
}
