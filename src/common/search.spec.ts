import { searchTerms } from './search';

/** Where a LIKE pattern matches (`%` any run of characters, nothing else special in these keys). */
const like = (text: string, pattern: string) => new RegExp(`^${pattern.replace(/%/g, '.*')}$`).test(text);
const hasWord = (key: string, patterns: string[]) => patterns.some((pattern) => like(key, pattern));

describe('searchTerms', () => {
  it('matches a short skeleton word as a whole word of the key, with patterns the trigram index answers', () => {
    const terms = searchTerms('Omar Bennani');
    expect(terms.key).toBe('mr bnn');
    expect(terms.keyParts).toEqual(['%bnn%']);
    const [omar] = terms.keyWords;
    expect(omar).toHaveLength(4);
    for (const key of ['mr', 'mr bnn', 'bnn mr', 'hmd mr bnn']) expect(hasWord(key, omar)).toBe(true);
    for (const key of ['mrn', 'hmr', 'mrb bnn', 'smr tmrt']) expect(hasWord(key, omar)).toBe(false);
  });

  it('matches a skeleton word of three letters or more as a part of a word', () => {
    expect(searchTerms('Bennani').keyParts).toEqual(['%bnn%']);
    expect(searchTerms('Bennani').keyWords).toEqual([]);
  });
});
