import { existsOn, parentLevelOf, placementProblem } from './org-unit.rules';

describe('org unit levels', () => {
  it('puts each level exactly one below its parent', () => {
    expect(parentLevelOf('NATIONAL')).toBeNull();
    expect(parentLevelOf('REGIONAL')).toBe('NATIONAL');
    expect(parentLevelOf('PROVINCIAL')).toBe('REGIONAL');
    expect(parentLevelOf('LOCAL')).toBe('PROVINCIAL');
  });

  it('accepts the right parent and national roots', () => {
    expect(placementProblem('NATIONAL', null)).toBeNull();
    expect(placementProblem('LOCAL', 'PROVINCIAL')).toBeNull();
  });

  it.each([
    ['LOCAL', 'REGIONAL', /directly under a provincial unit, not a regional one/],
    ['REGIONAL', 'REGIONAL', /directly under a national unit/],
    ['PROVINCIAL', null, /needs a regional parent/],
    ['NATIONAL', 'NATIONAL', /national unit is a root/],
  ] as const)('refuses a %s unit under %s', (level, parent, message) => {
    expect(placementProblem(level, parent)).toMatch(message);
  });
});

describe('existsOn', () => {
  const unit = { foundedOn: '2017-03-18', dissolvedOn: '2021-01-10' };
  it('counts from the founding day to the day before dissolution', () => {
    expect(existsOn(unit, '2017-03-17')).toBe(false);
    expect(existsOn(unit, '2017-03-18')).toBe(true);
    expect(existsOn(unit, '2021-01-09')).toBe(true);
    expect(existsOn(unit, '2021-01-10')).toBe(false);
  });
  it('treats unknown founding as always having existed', () => {
    expect(existsOn({ foundedOn: null, dissolvedOn: null }, '1990-01-01')).toBe(true);
  });
});
