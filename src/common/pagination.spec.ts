import { BadInputError } from './errors';
import {
  afterSql,
  decodeCursor,
  encodeCursor,
  keyColumns,
  ListOrder,
  toConnection,
  toPage,
} from './pagination';

const MEETINGS: ListOrder = {
  list: 'meetings',
  keys: [
    { sql: 'm.held_on', type: 'date', desc: true },
    { sql: 'm.starts_at', type: 'timestamptz', desc: true, nullable: true },
    { sql: 'm.id', type: 'uuid' },
  ],
};
const ID = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
const offsetCursor = (offset: number) => Buffer.from(`o:${offset}`).toString('base64url');

describe('toPage', () => {
  it('defaults to the first 20', () => {
    expect(toPage({})).toEqual({ limit: 20, after: null, count: true });
  });
  it('keeps the cursor for the list to check', () => {
    const cursor = encodeCursor(MEETINGS, ['2020-11-02', null, ID]);
    expect(toPage({ first: 5, after: cursor })).toEqual({ limit: 5, after: cursor, count: true });
  });
  it.each([{ first: 101 }, { first: -1 }])('refuses %j', (args) => {
    expect(() => toPage(args)).toThrow(BadInputError);
  });
});

describe('cursors', () => {
  it('carry the sort key of their row', () => {
    const key = ['2020-11-02', '2020-11-02 15:00:00.123456+00', ID];
    expect(decodeCursor(MEETINGS, encodeCursor(MEETINGS, key))).toEqual(key);
    expect(decodeCursor(MEETINGS, encodeCursor(MEETINGS, ['2020-11-02', null, ID]))).toEqual([
      '2020-11-02',
      null,
      ID,
    ]);
  });

  it.each([
    ['an offset cursor of earlier versions', offsetCursor(9)],
    ['a cursor of another list', encodeCursor({ ...MEETINGS, list: 'people' }, ['2020-11-02', null, ID])],
    ['a key of another length', encodeCursor(MEETINGS, ['2020-11-02', ID])],
    ['a day that does not exist', encodeCursor(MEETINGS, ['2020-02-30', null, ID])],
    ['a time that is not one', encodeCursor(MEETINGS, ['2020-11-02', '2020-11-02 25:00:00+00', ID])],
    ['a null where the key is never null', encodeCursor(MEETINGS, [null, null, ID])],
    [
      'a number where text is',
      Buffer.from(`k1${JSON.stringify(['meetings', 20201102, null, ID])}`).toString('base64url'),
    ],
    ['an id that is no uuid', encodeCursor(MEETINGS, ['2020-11-02', null, "x' OR 1=1 --"])],
    ['bytes that are no cursor', 'bm9wZQ'],
    ['characters base64url has not', 'a+b/c='],
  ])('refuse %s', (_what, cursor) => {
    expect(() => decodeCursor(MEETINGS, cursor)).toThrow(
      expect.objectContaining({ message: 'after is not a cursor from this list.' }),
    );
  });

  it.each([
    ['1e999', false],
    ['1e-400', false],
    ['0.6666666865348816', true],
    ['-0', true],
    ['NaN', false],
  ])('check a float key %s', (value, valid) => {
    const ranked: ListOrder = { list: 'search', keys: [{ sql: 'rank', type: 'float8', desc: true }] };
    const check = () => decodeCursor(ranked, encodeCursor(ranked, [value]));
    if (valid) expect(check()).toEqual([value]);
    else expect(check).toThrow(BadInputError);
  });
});

describe('keyColumns', () => {
  it('selects a float key as the expression the ORDER BY holds, so that it is computed once a row', () => {
    const ranked: ListOrder = {
      list: 'search',
      keys: [
        { sql: 'similarity(:q, p.search_text)', type: 'float8', desc: true },
        { sql: 'p.id', type: 'uuid' },
      ],
    };
    expect(keyColumns(ranked)).toEqual([
      ['(similarity(:q, p.search_text))', 'keyset_0'],
      ['CAST((p.id) AS text)', 'keyset_1'],
    ]);
  });
});

describe('afterSql', () => {
  it('is one row comparison when every key sorts one way and is never null', () => {
    const order: ListOrder = {
      list: 'x',
      keys: [
        { sql: 'a', type: 'date', desc: true },
        { sql: 'b', type: 'uuid', desc: true },
      ],
    };
    expect(afterSql(order, ['2020-01-01', ID])[0]).toBe(
      '(a, b) < (CAST(:keyset0 AS date), CAST(:keyset1 AS uuid))',
    );
  });

  it('seeks on the leading keys and spells out the rest (directions mixed, nulls last)', () => {
    const [sql, params] = afterSql(MEETINGS, ['2020-11-02', '2020-11-02 15:00:00+00', ID]);
    expect(sql).toBe(
      '(m.held_on <= CAST(:keyset0 AS date) AND ((m.held_on < CAST(:keyset0 AS date)) OR ' +
        '(m.held_on = CAST(:keyset0 AS date) AND (m.starts_at < CAST(:keyset1 AS timestamptz) OR m.starts_at IS NULL)) OR ' +
        '(m.held_on = CAST(:keyset0 AS date) AND m.starts_at = CAST(:keyset1 AS timestamptz) AND m.id > CAST(:keyset2 AS uuid))))',
    );
    expect(params).toEqual({ keyset0: '2020-11-02', keyset1: '2020-11-02 15:00:00+00', keyset2: ID });
  });

  it('puts nothing but the tiebreak after a null that sorts last', () => {
    const [sql] = afterSql(MEETINGS, ['2020-11-02', null, ID]);
    expect(sql).toBe(
      '(m.held_on <= CAST(:keyset0 AS date) AND ((m.held_on < CAST(:keyset0 AS date)) OR ' +
        '(m.held_on = CAST(:keyset0 AS date) AND m.starts_at IS NULL AND m.id > CAST(:keyset2 AS uuid))))',
    );
  });
});

describe('toConnection', () => {
  it('tells from the row read past the page whether more follow', () => {
    const page = { limit: 2, after: 'x', count: false, cursors: ['c1', 'c2', 'c3'] };
    const more = toConnection(['c', 'd', 'e'], null, page);
    expect(more.edges).toEqual([
      { node: 'c', cursor: 'c1' },
      { node: 'd', cursor: 'c2' },
    ]);
    expect(more.pageInfo).toEqual({
      hasNextPage: true,
      hasPreviousPage: true,
      startCursor: 'c1',
      endCursor: 'c2',
    });
    expect(toConnection(['c', 'd'], 5, page).pageInfo.hasNextPage).toBe(false);
    const first = { limit: 2, after: null, cursors: [] };
    expect(toConnection([], 0, first).pageInfo).toEqual({
      hasNextPage: false,
      hasPreviousPage: false,
      startCursor: null,
      endCursor: null,
    });
  });
});
