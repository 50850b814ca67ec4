import {
  buildSchema,
  GraphQLNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isSpecifiedScalarType,
} from 'graphql';
import { committedSchema } from '../src/schema-file';

/** Every element of the schema a client can see, by name, with or without its description. */
function elements(type: GraphQLNamedType): [name: string, description: string | null | undefined][] {
  const found: [string, string | null | undefined][] = [[type.name, type.description]];
  if (isObjectType(type) || isInterfaceType(type)) {
    for (const field of Object.values(type.getFields())) {
      found.push([`${type.name}.${field.name}`, field.description]);
      for (const arg of field.args) found.push([`${type.name}.${field.name}(${arg.name})`, arg.description]);
    }
  }
  if (isInputObjectType(type)) {
    for (const field of Object.values(type.getFields())) {
      found.push([`${type.name}.${field.name}`, field.description]);
    }
  }
  if (isEnumType(type)) {
    for (const value of type.getValues()) found.push([`${type.name}.${value.name}`, value.description]);
  }
  return found;
}

// schema.gql is what the app serves (test/app.e2e-spec.ts): GraphiQL and generated clients read these.
describe('schema.gql', () => {
  const schema = buildSchema(committedSchema());
  const types = Object.values(schema.getTypeMap()).filter(
    (type) => !type.name.startsWith('__') && !isSpecifiedScalarType(type),
  );

  it('describes every type, field, argument, input field and enum value', () => {
    const undescribed = types
      .flatMap(elements)
      .filter(([, description]) => !description?.trim())
      .map(([name]) => name);
    expect(undescribed).toEqual([]);
  });

  it('names a text in the asked language the same way on every type', () => {
    // A type with titleAr/titleFr (or nameAr/nameFr, textAr/textFr) answers title(lang) (name, text).
    const missing: string[] = [];
    for (const type of types.filter(isObjectType)) {
      const fields = type.getFields();
      for (const base of ['title', 'name', 'text', 'summary']) {
        if (!fields[`${base}Ar`] || !fields[`${base}Fr`]) continue;
        if (!fields[base]?.args.some((arg) => arg.name === 'lang')) {
          missing.push(`${type.name}.${base}(lang)`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
