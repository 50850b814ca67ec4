import {
  orderByParent,
  parseBirthYear,
  parseDate,
  parseGender,
  parseLevel,
  parseMeetingKind,
  parseTime,
} from './import.rules';
import { commonUnitOf } from './import.service';

describe('import rules', () => {
  it('reads days as people type them, and nothing else', () => {
    expect(parseDate('2020-11-02')).toBe('2020-11-02');
    expect(parseDate('02/11/2020')).toBe('2020-11-02');
    expect(parseDate('2.11.2020')).toBe('2020-11-02');
    expect(parseDate('٠٢/١١/٢٠٢٠')).toBe('2020-11-02');
    expect(parseDate('31/02/2020')).toBeUndefined();
    expect(parseDate('11/02/20')).toBeUndefined();
    expect(parseDate('yesterday')).toBeUndefined();
  });

  it('reads birth years and times', () => {
    expect(parseBirthYear('1975')).toBe(1975);
    expect(parseBirthYear('12/03/1969')).toBe(1969);
    expect(parseBirthYear('1875')).toBeUndefined();
    expect(parseTime('18:30')).toBe('18:30');
    expect(parseTime('9h05')).toBe('09:05');
    expect(parseTime('25:00')).toBeUndefined();
  });

  it('reads closed lists by code or by their Arabic, French or English word', () => {
    expect(['LOCAL', 'محلي', 'محلية', 'locale', 'Local'].map(parseLevel)).toEqual(Array(5).fill('LOCAL'));
    expect(['إقليمي', 'اقليمي', 'Provinciale'].map(parseLevel)).toEqual(Array(3).fill('PROVINCIAL'));
    expect(['ذكر', 'H', 'm', 'homme'].map(parseGender)).toEqual(Array(4).fill('MALE'));
    expect(['أنثى', 'F', 'femme'].map(parseGender)).toEqual(Array(3).fill('FEMALE'));
    expect(parseMeetingKind('لقاء تواصلي')).toBe('OUTREACH');
    expect(parseLevel('communal')).toBeUndefined();
  });

  it('orders units parents first, whatever the order of the file, and sets cycles apart', () => {
    const rows = [
      { code: 'L', parent: 'P' },
      { code: 'P', parent: 'R' },
      { code: 'R', parent: undefined },
      { code: 'A', parent: 'B' },
      { code: 'B', parent: 'A' },
      { code: 'U', parent: 'A' },
    ];
    const { ordered, cycles } = orderByParent(
      rows,
      (r) => r.code,
      (r) => r.parent,
    );
    expect(ordered.map((o) => [o.item.code, o.depth])).toEqual([
      ['R', 0],
      ['P', 1],
      ['L', 2],
    ]);
    expect(cycles.map((cycle) => cycle.map((r) => r.code).sort())).toEqual([['A', 'B']]);
  });

  it('files an import under the deepest unit holding every row', () => {
    const a = '00000000000000000000000000000001';
    const b = '00000000000000000000000000000002';
    const c = '00000000000000000000000000000003';
    expect(commonUnitOf([`${a}.${b}`, `${a}.${b}.${c}`])).toBe('00000000-0000-0000-0000-000000000002');
    expect(commonUnitOf([`${a}.${b}`, `${a}.${c}`])).toBe('00000000-0000-0000-0000-000000000001');
    expect(commonUnitOf([a, b])).toBeNull();
    expect(commonUnitOf([])).toBeNull();
  });
});
