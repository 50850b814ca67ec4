import { appoint as appointTo, createPerson, createPost } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * A date asked for at the top of a query holds for everything read below it, whichever way a field is
 * reached: a post's holders on 2019-06-01 are the same from `positions` and from `officials { position }`.
 */
describe('asOf carried by every dated model (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    const unit = (await t.ok(`{ orgUnit(code: "PAM-MA-TNG") { id } }`)).orgUnit.id;
    const post = await createPost(t, unit, 'TREASURER');
    const appoint = async (name: string, startsOn: string, replaceCurrent: boolean) =>
      appointTo(t, post, await createPerson(t, { fullNameLatin: name }), { startsOn, replaceCurrent });
    await appoint('Treasurer In 2019', '2019-01-01', false);
    await appoint('Treasurer Today', '2022-01-01', true);
  });
  afterAll(() => t.close());

  const treasurer = (posts: { role: { code: string }; holders: { person: { fullNameLatin: string } }[] }[]) =>
    posts
      .find((post) => post.role.code === 'TREASURER')!
      .holders.map((holder) => holder.person.fullNameLatin);
  const POST = 'role { code } holders { person { fullNameLatin } }';

  it('answers a post’s holders on the date read for, through officials as through positions', async () => {
    const { orgUnit } = await t.ok(
      `{ orgUnit(code: "PAM-MA-TNG", asOf: "2019-06-01") {
          officials { position { ${POST} } } positions { ${POST} } } }`,
    );
    expect(treasurer(orgUnit.positions)).toEqual(['Treasurer In 2019']);
    expect(treasurer(orgUnit.officials.map((official: any) => official.position))).toEqual([
      'Treasurer In 2019',
    ]);
  });

  it('answers today’s holder when no date is asked', async () => {
    const { orgUnit } = await t.ok(`{ orgUnit(code: "PAM-MA-TNG") { officials { position { ${POST} } } } }`);
    expect(treasurer(orgUnit.officials.map((official: any) => official.position))).toEqual([
      'Treasurer Today',
    ]);
  });

  it('carries the date from a post’s holders to their post', async () => {
    const { orgUnit } = await t.ok(
      `{ orgUnit(code: "PAM-MA-TNG", asOf: "2019-06-01") {
          positions { holders { position { ${POST} } } } } }`,
    );
    const viaHolders = orgUnit.positions.flatMap((post: any) => post.holders.map((h: any) => h.position));
    expect(treasurer(viaHolders)).toEqual(['Treasurer In 2019']);
  });
});
