import { normalizeName, SEARCH_TEXT_MAX_LENGTH, searchText } from './text';

describe('normalizeName', () => {
  it.each([
    ['hamza on alef: أ إ آ ا are one letter', ['أصيلة', 'اصيلة', 'إصيلة', 'آصيلة'].map(normalizeName)],
    ['alef maqsura and ya', [normalizeName('مصطفى'), normalizeName('مصطفي')]],
    ['ta marbuta and ha', [normalizeName('طنجة'), normalizeName('طنجه')]],
    ['tatweel', [normalizeName('بوشعــــــــيب'), normalizeName('بوشعيب')]],
    ['harakat', [normalizeName('مُنِير'), normalizeName('منير')]],
    ['Latin case and accents', [normalizeName('Tanger-Médina'), normalizeName('tanger medina')]],
    ['Hoceïma', [normalizeName('Al Hoceïma'), normalizeName('al hoceima')]],
    ['hyphen vs spaces', [normalizeName('طنجة - تطوان - الحسيمة'), normalizeName('طنجة-تطوان-الحسيمة')]],
    ['Arabic-Indic digits', [normalizeName('٠١٢'), normalizeName('012')]],
  ])('%s', (_case, forms) => {
    expect(new Set(forms).size).toBe(1);
    expect(forms[0]).not.toBe('');
  });

  it('keeps letters that differ', () => {
    expect(normalizeName('الشرف')).not.toBe(normalizeName('الشرق'));
    expect(normalizeName('Souani')).not.toBe(normalizeName('Sowani'));
  });

  it('gives the exact forms expected', () => {
    expect(normalizeName('  Tanger-Médina ')).toBe('tanger medina');
    expect(normalizeName("L'Oriental")).toBe('l oriental');
    expect(normalizeName('أصيلة')).toBe('اصيله');
    expect(normalizeName('مؤتمر')).toBe('موتمر');
    expect(normalizeName('Œuvre')).toBe('oeuvre');
  });
});

describe('searchText', () => {
  it('joins the normalised spellings once each and skips blanks', () => {
    expect(searchText('Bni Makada', ['Beni Makada', 'bni makada'], null, '', 'بني مكادة')).toBe(
      'bni makada | beni makada | بني مكاده',
    );
  });

  it('is bounded, cut at a word boundary, names first', () => {
    const notes = Array.from({ length: 50 }, () => 'organisation '.repeat(150));
    const text = searchText('Réunion du bureau', notes);
    expect(text.length).toBeLessThanOrEqual(SEARCH_TEXT_MAX_LENGTH);
    expect(text).toMatch(/^reunion du bureau \| organisation organisation/);
    expect(text).toMatch(/organisation$/);
    expect(searchText('x'.repeat(5000))).toBe('x'.repeat(SEARCH_TEXT_MAX_LENGTH));
  });
});
