import { ArgsType, Field, registerEnumType } from '@nestjs/graphql';

export enum Lang {
  AR = 'AR',
  FR = 'FR',
}
registerEnumType(Lang, { name: 'Lang', description: 'Arabic first; French/Latin forms beside it.' });

/** The `lang` argument every name-bearing field takes. */
@ArgsType()
export class LangArgs {
  @Field(() => Lang, { defaultValue: Lang.AR })
  lang: Lang;
}

export function pickName(lang: Lang, arabic: string | null, french: string | null): string {
  return (lang === Lang.AR ? (arabic ?? french) : (french ?? arabic)) ?? '';
}

/** A GraphQL enum from a list of values that the entity layer also uses. */
export function enumOf<T extends string>(
  values: readonly T[],
  name: string,
  description?: string,
): { [K in T]: K } {
  const object = Object.fromEntries(values.map((value) => [value, value])) as { [K in T]: K };
  registerEnumType(object, { name, description });
  return object;
}
