import { ArgumentMetadata } from '@nestjs/common';
import { Max } from 'class-validator';
import { checkTexts, InputValidationPipe, textProblem, TextKind } from './validation';

class PageArgsLike {
  @Max(100) first?: number;
}
class RulelessArgs {
  asOf?: string;
}
const as = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({ type: 'body', metatype });

describe('InputValidationPipe', () => {
  it('checks rules every time an input has not passed them, even after the same class passed', async () => {
    const pipe = new InputValidationPipe();
    for (let i = 0; i < 2; i++) {
      await expect(pipe.transform({ first: 10 }, as(PageArgsLike))).resolves.toBeInstanceOf(PageArgsLike);
      await expect(pipe.transform({ first: 101 }, as(PageArgsLike))).rejects.toThrow();
    }
  });

  it('converts inputs of a class without rules', async () => {
    const converted = await new InputValidationPipe().transform({ asOf: '2020-11-02' }, as(RulelessArgs));
    expect(converted).toBeInstanceOf(RulelessArgs);
    expect(converted).toEqual({ asOf: '2020-11-02' });
  });
});

describe('text policy', () => {
  /** Every character the policy names, with why it is refused. */
  const REFUSED_EVERYWHERE: [string, string][] = [
    ['\u0000', 'NUL'],
    ['\u0001', 'C0 control'],
    ['\u001b', 'escape'],
    ['\u007f', 'DEL'],
    ['\u0085', 'C1 next line'],
    ['\u009f', 'C1 control'],
  ];
  const INVISIBLE_OR_DIRECTION: [string, string][] = [
    ['\u00ad', 'soft hyphen'],
    ['\u034f', 'combining grapheme joiner'],
    ['\u061c', 'Arabic letter mark'],
    ['\u115f', 'Hangul choseong filler'],
    ['\u180e', 'Mongolian vowel separator'],
    ['\u200b', 'zero-width space'],
    ['\u200e', 'left-to-right mark'],
    ['\u200f', 'right-to-left mark'],
    ['\u2028', 'line separator'],
    ['\u2029', 'paragraph separator'],
    ['\u202a', 'left-to-right embedding'],
    ['\u202b', 'right-to-left embedding'],
    ['\u202c', 'pop directional formatting'],
    ['\u202d', 'left-to-right override'],
    ['\u202e', 'right-to-left override'],
    ['\u2060', 'word joiner'],
    ['\u2061', 'function application'],
    ['\u2062', 'invisible times'],
    ['\u2063', 'invisible separator'],
    ['\u2064', 'invisible plus'],
    ['\u2066', 'left-to-right isolate'],
    ['\u2067', 'right-to-left isolate'],
    ['\u2068', 'first strong isolate'],
    ['\u2069', 'pop directional isolate'],
    ['\u206a', 'inhibit symmetric swapping'],
    ['\u3164', 'Hangul filler'],
    ['\ufeff', 'BOM / zero-width no-break space'],
    ['\ufff9', 'interlinear annotation anchor'],
    ['\u{e0001}', 'language tag'],
    ['\u{e0041}', 'tag latin capital A'],
    ['\u{e007f}', 'cancel tag'],
    ['\ufdd0', 'noncharacter'],
    ['\ufffe', 'noncharacter'],
    ['\uffff', 'noncharacter'],
    ['\u{1fffe}', 'noncharacter of plane 1'],
    ['\u{10ffff}', 'last noncharacter'],
  ];
  const NAMES_ONLY: [string, string][] = [
    ['\t', 'tab'],
    ['\n', 'line feed'],
    ['\r', 'carriage return'],
    ['\u200c', 'zero-width non-joiner'],
    ['\u200d', 'zero-width joiner'],
    ['\ufe0f', 'variation selector 16'],
    ['\u{e0100}', 'variation selector 17'],
    ['\ue000', 'private use'],
    ['\u{f0000}', 'supplementary private use'],
  ];
  const LONE_SURROGATES: [string, string][] = [
    ['\ud800', 'lone high surrogate'],
    ['\udbff', 'lone high surrogate at the end of its range'],
    ['\udc00', 'lone low surrogate'],
    ['\udfff', 'lone low surrogate at the end of its range'],
    ['\udc00\ud800', 'surrogates in the wrong order'],
  ];

  it.each([...REFUSED_EVERYWHERE, ...INVISIBLE_OR_DIRECTION, ...NAMES_ONLY, ...LONE_SURROGATES])(
    'refuses %j (%s) in a name',
    (ch) => {
      expect(textProblem(`Mounir${ch}Limouri`, 'name')).not.toBeNull();
      expect(textProblem(`منير${ch}`, 'name')).not.toBeNull();
    },
  );

  it.each([...REFUSED_EVERYWHERE, ...INVISIBLE_OR_DIRECTION, ...LONE_SURROGATES])(
    'refuses %j (%s) in free text',
    (ch) => expect(textProblem(`Une note${ch} de réunion`, 'text')).not.toBeNull(),
  );

  it.each([...REFUSED_EVERYWHERE, ...LONE_SURROGATES])('refuses %j (%s) in a password', (ch) =>
    expect(textProblem(`correct${ch}horse battery`, 'password')).not.toBeNull(),
  );

  it('names the code point it refused', () => {
    expect(textProblem('a\u202eb', 'name')).toMatch(/U\+202E/);
    expect(textProblem('a\ud800b', 'name')).toMatch(/unpaired surrogate \(U\+D800\)/);
    expect(textProblem('a\u{e0041}', 'text')).toMatch(/U\+E0041/);
  });

  it('accepts what names and texts are made of', () => {
    for (const name of [
      'عبد الحميد بوشعيب',
      'بوشعــــــــيب',
      'Mounir Limouri',
      "Redouane Alaoui-Belghiti d'Anfa",
      'Tanger-Médina',
      'Ⅻ 𝒜 😀', // astral characters are paired surrogates, not lone ones
      'limouri@tanzim.demo',
      '+212 6 12 34 56 78',
    ]) {
      expect(textProblem(name, 'name')).toBeNull();
    }
    for (const text of [
      'Ligne un\nLigne deux\r\n\tIndentée',
      'می‌خواهم', // a ZWNJ inside a word, as Persian writes it
      '👨‍👩‍👧 ❤️', // emoji built with ZWJ and a variation selector
    ]) {
      expect(textProblem(text, 'text')).toBeNull();
    }
    expect(textProblem('p\u200fa ss\u202e w\u00adord with ✓ and spaces', 'password')).toBeNull();
  });
});

describe('InputValidationPipe and secrets', () => {
  class SignIn {
    @Max(1000) attempt?: number;
    @TextKind('password') password?: string;
  }

  it('never remembers an input that carries a password', async () => {
    const pipe = new InputValidationPipe();
    await pipe.transform({ attempt: 1, password: 'correct horse battery staple' }, as(SignIn));
    await pipe.transform({ first: 5 }, as(PageArgsLike));
    const remembered = [...pipe['passed'].values()].flatMap((keys) => [...keys]);
    expect(remembered).toEqual([JSON.stringify({ first: 5 })]);
  });
});

describe('checkTexts', () => {
  class Contact {
    @TextKind('text') address?: string;
    email?: string;
  }
  class Person {
    name?: string;
    contact?: Contact;
    guests?: string[];
    @TextKind('password') password?: string;
  }
  const person = (fields: Partial<Person> & { contact?: Partial<Contact> }) =>
    Object.assign(new Person(), fields, { contact: Object.assign(new Contact(), fields.contact ?? {}) });

  it('checks every string, however deep, by the kind of its field, and names the field', () => {
    expect(() => checkTexts(person({ contact: { address: '1 rue\nTanger' } }), 'input')).not.toThrow();
    expect(() => checkTexts(person({ password: 'with\u200bzero width' }), 'input')).not.toThrow();
    expect(() => checkTexts(person({ contact: { email: 'a\u200b@b.ma' } }), 'input')).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', details: { field: 'input.contact.email' } }),
    );
    expect(() => checkTexts(person({ guests: ['ok', 'bad\u202e'] }), 'input')).toThrow(
      /input\.guests\[1\] contains/,
    );
    expect(() => checkTexts(person({ name: 'tab\there' }), '')).toThrow(/^name contains/);
    expect(() => checkTexts(person({ password: 'nul\u0000' }), 'input')).toThrow(/input\.password/);
  });

  it('is applied by the validation pipe, to object inputs and to lone string arguments', async () => {
    const pipe = new InputValidationPipe();
    await expect(pipe.transform({ name: 'a\u2066b' }, as(Person))).rejects.toThrow(/name contains/);
    await expect(
      pipe.transform('PAM\u200b', { type: 'body', metatype: String, data: 'code' }),
    ).rejects.toThrow(/^code contains/);
    await expect(pipe.transform({ name: 'Mounir' }, as(Person))).resolves.toBeInstanceOf(Person);
  });
});
