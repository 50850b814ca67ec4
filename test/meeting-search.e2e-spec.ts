import { recordMeeting } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Meetings are searched by word: each word typed stands for the known words of meetings that are it,
 * hold it or are spelt closely, and a meeting matches when it holds one for every word typed. Best
 * match first (the word typed itself before a longer word or a close spelling), then newest first.
 * The known words follow the meetings as they are recorded and renamed.
 */
describe('meeting search (e2e)', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    const { orgUnit } = await t.ok(`{ orgUnit(code: "PAM-MA-TNG") { id } }`);
    const meetings: [string, Record<string, unknown>][] = [
      ['bureau', { date: '2021-03-01', titleFr: 'Zelkovar du bureau provincial' }],
      ['older', { date: '2021-02-01', titleFr: 'Zelkovar des militants' }],
      ['longer', { date: '2021-06-01', titleFr: 'Rencontre zelkovarienne' }],
      ['arabic', { date: '2021-04-01', titleFr: null, titleAr: 'لقاء زلكوفار الجهوي' }],
      ['close', { date: '2021-01-01', titleFr: 'Quintessor de la jeunesse' }],
      ['farther', { date: '2021-05-01', titleFr: 'Quintessors de la jeunesse' }],
      ['french', { date: '2021-07-01', titleFr: 'Séminaire d’éthique politique à Tanger' }],
    ];
    for (const [name, input] of meetings) ids[name] = await recordMeeting(t, orgUnit.id, input);
  });
  afterAll(() => t.close());

  const search = async (text: string) => {
    const { meetings } = await t.ok(
      `query($s: String) { meetings(first: 50, filter: { search: $s }) { totalCount edges { node { id } } } }`,
      { s: text },
    );
    const found = (meetings.edges as { node: { id: string } }[]).map((edge) => edge.node.id);
    const names = found.map((id) => Object.keys(ids).find((name) => ids[name] === id) ?? id);
    return { names, totalCount: meetings.totalCount as number };
  };

  it('finds a word in rank order: the word itself, newest first, then the words holding it', async () => {
    expect(await search('Zelkovar')).toEqual({ names: ['bureau', 'older', 'longer'], totalCount: 3 });
  });

  it('finds a misspelled word, the closest spelling first', async () => {
    expect(await search('quintesor')).toEqual({ names: ['close', 'farther'], totalCount: 2 });
  });

  it('finds meetings holding every word typed', async () => {
    expect(await search('zelkovar bureau')).toEqual({ names: ['bureau'], totalCount: 1 });
    expect(await search('zelkovar jeunesse')).toEqual({ names: [], totalCount: 0 });
  });

  it('finds Arabic and French titles however they are typed', async () => {
    expect(await search('زلكوفار')).toEqual({ names: ['arabic'], totalCount: 1 });
    expect(await search('ÉTHIQUE seminaire')).toEqual({ names: ['french'], totalCount: 1 });
  });

  it('finds a renamed meeting by its new words and no longer by the ones removed', async () => {
    // A meeting of its own: the other tests' meetings keep their titles, whatever order they run in.
    const { orgUnit } = await t.ok(`{ orgUnit(code: "PAM-MA-TNG") { id } }`);
    ids.renamed = await recordMeeting(t, orgUnit.id, {
      date: '2021-08-01',
      titleFr: 'Vardenix des militants',
    });
    expect(await search('vardenix')).toEqual({ names: ['renamed'], totalCount: 1 });
    const { meeting } = await t.ok(`query($id: ID!) { meeting(id: $id) { version } }`, { id: ids.renamed });
    await t.ok(`mutation($input: UpdateMeetingInput!) { updateMeeting(input: $input) { id } }`, {
      input: { id: ids.renamed, expectedVersion: meeting.version, titleFr: 'Plovdimar des militants' },
    });
    expect(await search('plovdimar')).toEqual({ names: ['renamed'], totalCount: 1 });
    expect(await search('vardenix')).toEqual({ names: [], totalCount: 0 });
  });
});
