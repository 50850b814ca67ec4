import { nameSkeleton, searchKey } from './skeleton';
import { normalizeName, searchText } from './text';

const skeleton = (name: string) => nameSkeleton(normalizeName(name));

describe('nameSkeleton', () => {
  it.each([
    ['الغلبزوري', ['Ghalbzouri', 'Ghelbzouri', 'Rhalbzouri', 'El Ghalbzouri', 'Ghalbzoury']],
    ['عبد اللطيف', ['عبداللطيف', 'Abdellatif', 'Abdelatif', 'Abd el-Latif', 'Abdel Latif']],
    ['عبد الحميد بوشعيب', ['Abdelhamid Bouchaib', 'Abd El Hamid Bouchaïb']],
    ['عبد الرحمان', ['Abderrahmane', 'Abderahman']],
    ['منير ليموري', ['Mounir Limouri']],
    ['رضوان العلوي البلغيثي', ['Redouane Alaoui Belghiti']],
    ['عمر لعزيري', ['Omar Laaziri']],
    ['بن علي', ['Benali', 'Ben Ali', 'بنعلي']],
    ['طنجة', ['Tanja', 'Tanjah']],
    ['بني مكادة', ['Bni Mkada', 'Beni Makada', 'Bni Makada']],
    ['السواني', ['Souani', 'Swani']],
    ['الشرف امغوغة', ['Charf Mghogha', 'Ech-Charf Mghogha']],
    ['البام', ['PAM']],
    ['تطوان', ['Tétouan', 'Tetouan']],
    ['بناني', ['Bennani']],
  ])('%s is spelled %j', (arabic, latin) => {
    const expected = skeleton(arabic);
    expect(expected).not.toBe('');
    for (const spelling of latin) expect([spelling, skeleton(spelling)]).toEqual([spelling, expected]);
  });

  it('keeps words apart, and digits', () => {
    expect(skeleton('Abdellatif Ghalbzouri')).toBe('bdltf rlbzr');
    expect(skeleton('01.511.01.03')).toBe('01 511 01 03');
    expect(skeleton('Jeunesse 3')).not.toBe(skeleton('Jeunesse 4'));
  });
});

describe('searchKey', () => {
  it('gives the skeleton of every name of a search text, once each', () => {
    expect(searchKey(searchText('عبد اللطيف الغلبزوري', 'Abdellatif Ghalbzouri', 'Tanger'))).toBe(
      'bdltf rlbzr | tnjr',
    );
  });
});
