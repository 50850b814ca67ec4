import { vacancyState } from './position.rules';

describe('vacancyState', () => {
  it('says whether free seats are known vacant, of unknown holder, or both', () => {
    expect(vacancyState(1, 0)).toBe('HOLDER_UNKNOWN');
    expect(vacancyState(1, 1)).toBe('KNOWN_VACANT');
    expect(vacancyState(3, 1)).toBe('MIXED');
  });
});
