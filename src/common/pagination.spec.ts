import { BadInputError } from './errors';
import { encodeCursor, toConnection, toPage } from './pagination';

describe('toPage', () => {
  it('defaults to the first 20', () => {
    expect(toPage({})).toEqual({ limit: 20, offset: 0, count: true });
  });
  it('continues after a cursor', () => {
    expect(toPage({ first: 5, after: encodeCursor(9) })).toEqual({ limit: 5, offset: 10, count: true });
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

  it('tells from the row read past the page whether more follow when the list was not counted', () => {
    const page = { limit: 2, offset: 2, count: false };
    const more = toConnection(['c', 'd', 'e'], null, page);
    expect(more.edges.map((edge) => edge.node)).toEqual(['c', 'd']);
    expect(more.pageInfo).toMatchObject({ hasNextPage: true, endCursor: encodeCursor(3) });
    expect(toConnection(['c', 'd'], null, page).pageInfo.hasNextPage).toBe(false);
    expect(toConnection([], null, page).pageInfo).toMatchObject({ hasNextPage: false, endCursor: null });
  });
});
