import { defaultPositionTitles } from './position.rules';

describe('defaultPositionTitles', () => {
  const secretaryGeneral = { titleAr: 'الأمين العام', titleFr: 'Secrétaire général' };
  it('qualifies the role by the unit level', () => {
    expect(defaultPositionTitles(secretaryGeneral, 'PROVINCIAL')).toEqual({
      titleAr: 'الأمين العام الإقليمي',
      titleFr: 'Secrétaire général provincial',
    });
    expect(defaultPositionTitles(secretaryGeneral, 'REGIONAL').titleAr).toBe('الأمين العام الجهوي');
  });
  it('leaves national titles bare', () => {
    expect(defaultPositionTitles(secretaryGeneral, 'NATIONAL')).toEqual(secretaryGeneral);
  });
});
