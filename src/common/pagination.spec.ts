import { BadInputError } from './errors';
import { encodeCursor, toConnection, toPage } from './pagination';

describe('toPage', () => {
  it('defaults to the first 20', () => {
    expect(toPage({})).toEqual({ limit: 20, offset: 0 });
  });
  it('continues after a cursor', () => {
    expect(toPage({ first: 5, after: encodeCursor(9) })).toEqual({ limit: 5, offset: 10 });
  });
  it.each([{ first: 101 }, { first: -1 }, { after: 'bm9wZQ' }, { after: encodeCursor(-3) }])(
    'refuses %j',
    (args) => {
      expect(() => toPage(args)).toThrow(BadInputError);
    },
  );
});

describe('toConnection', () => {
  it('reports whether more pages exist', () => {
    const page = { limit: 2, offset: 2 };
    const connection = toConnection(['c', 'd'], 5, page);
    expect(connection.pageInfo).toEqual({
      hasNextPage: true,
      hasPreviousPage: true,
      startCursor: encodeCursor(2),
      endCursor: encodeCursor(3),
    });
    expect(toConnection(['e'], 5, { limit: 2, offset: 4 }).pageInfo.hasNextPage).toBe(false);
  });
});
