import { ArgumentMetadata } from '@nestjs/common';
import { Max } from 'class-validator';
import { InputValidationPipe } from './validation';

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
