import { ArgsType, Field, registerEnumType } from '@nestjs/graphql';

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
