import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Schema, Validator } from 'jsonschema';
import { createUnit, personWithMandate, recordMeeting, unique } from './support/fixtures';
import { startTestApp, TEST_ADMIN, TestApp } from './support/test-app';

/** Starting an app and building the fixtures can take a while on a busy machine. */
const STARTUP_MS = 180_000;

type Doc = Record<'organizations' | 'areas' | 'posts' | 'persons' | 'memberships' | 'events', any[]>;

/** The Popolo project's schemas (draft 3), as published, each registered under its id. */
const validator = new Validator();
const SCHEMAS = join(__dirname, 'fixtures', 'popolo');
for (const file of readdirSync(SCHEMAS).filter((f) => f.endsWith('.json'))) {
  validator.addSchema(JSON.parse(readFileSync(join(SCHEMAS, file), 'utf8')) as Schema);
}
const schema = (name: string) => validator.schemas[`http://www.popoloproject.com/schemas/${name}.json#`]!;
const OF: Record<keyof Doc, string> = {
  organizations: 'organization',
  areas: 'area',
  posts: 'post',
  persons: 'person',
  memberships: 'membership',
  events: 'event',
};

/** Every object of the document against its schema: the list of problems (none when valid). */
function problems(doc: Doc): string[] {
  return (Object.keys(OF) as (keyof Doc)[]).flatMap((key) =>
    doc[key].flatMap((item, i) =>
      validator.validate(item, schema(OF[key])).errors.map((e) => `${key}[${i}]: ${e.stack}`),
    ),
  );
}

/** What must survive a round trip, without ids: units by code, people by name, mandates and meetings by what they say. */
function registry(doc: Doc) {
  const code = (id: string | null) =>
    doc.organizations.find((o) => o.id === id)?.identifiers.find((x: any) => x.scheme === 'tanzim:unit-code')
      ?.identifier ?? null;
  const name = (id: string | null) => doc.persons.find((p) => p.id === id)?.other_names ?? null;
  const area = (id: string | null) => doc.areas.find((a) => a.id === id)?.identifier ?? null;
  const post = (id: string) => doc.posts.find((p) => p.id === id);
  const sorted = <T>(rows: T[]) => rows.map((r) => JSON.stringify(r)).sort();
  return {
    units: sorted(
      doc.organizations.map((o) => ({
        code: code(o.id),
        level: o.classification,
        parent: code(o.parent_id),
        names: o.other_names,
        area: area(o.area_id),
        founded: o.founding_date,
        dissolved: o.dissolution_date,
      })),
    ),
    posts: sorted(
      doc.posts.map((p) => ({ unit: code(p.organization_id), role: p.role, label: p.label, seats: p.seats })),
    ),
    people: sorted(doc.persons.map((p) => ({ names: p.other_names, gender: p.gender, ids: p.identifiers }))),
    mandates: sorted(
      doc.memberships.map((m) => ({
        person: name(m.person_id),
        unit: code(m.organization_id),
        role: m.role,
        post: m.post_id ? post(m.post_id)?.role : null,
        start: m.start_date ?? null,
        end: m.end_date ?? null,
        attested: m.attested_on ?? null,
        status: m.status ?? null,
        reason: m.end_reason ?? null,
      })),
    ),
    meetings: sorted(
      doc.events.map((e) => ({
        ...e,
        id: undefined,
        organization_id: code(e.organization_id),
        area_id: area(e.area_id),
        // Within a meeting, the order of its people and units says nothing.
        attendees: sorted(e.attendees.map((a: any) => name(a.id))),
        units: sorted(e.units.map((u: any) => ({ ...u, organization_id: code(u.organization_id) }))),
        participants: sorted(
          e.participants.map((p: any) => ({
            ...p,
            person_id: name(p.person_id),
            represented_organization_id: code(p.represented_organization_id),
          })),
        ),
      })),
    ),
  };
}

/**
 * A subtree as one Popolo document (`GET /export/popolo/<code>`): every object valid against the
 * Popolo project's schemas, scoped like every list, and imported (`POST /import/popolo`) into an
 * empty registry it gives back the same units, posts, people, mandates and meetings.
 */
describe('Popolo', () => {
  let t: TestApp;
  let admin: string;
  let pamDocument: Doc;
  let limouri: string;
  const outsider = `Outsider ${unique()}`;

  const get = (app: { url: string }, path: string, token: string | null) =>
    fetch(`${app.url.replace(/\/graphql$/, '')}${path}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
  const exportOf = async (app: { url: string }, code: string, token: string) => {
    const response = await get(app, `/export/popolo/${code}`, token);
    expect(response.status).toBe(200);
    return (await response.json()) as Doc;
  };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.login(TEST_ADMIN.email, TEST_ADMIN.password);
    limouri = await t.login('limouri@tanzim.demo', 'tanzim-demo-2020');
    const units = await t.ok<{ pam: { id: string }; tng: { id: string } }>(
      `{ pam: orgUnit(code: "PAM") { id } tng: orgUnit(code: "PAM-MA-TNG") { id } }`,
    );
    const region = await createUnit(t, { level: 'REGIONAL', parentId: units.pam.id });
    await personWithMandate(t, region, { person: { fullNameLatin: outsider } });
    // A dissolved unit with a term that ended there, a term that ended with a reason, a timed
    // meeting and a guest: what a round trip must keep too.
    const old = await createUnit(t, {
      level: 'LOCAL',
      parentId: units.tng.id,
      code: `PAM-MA-TNG-OLD-${unique()}`,
      foundedOn: '2015-01-01',
    });
    await personWithMandate(t, old, { mandate: { startsOn: '2016-01-01', endsOn: '2019-12-31' } });
    await t.ok(
      `mutation($id: ID!) { dissolveOrgUnit(input: { id: $id, dissolvedOn: "2020-01-01" }) { id } }`,
      {
        id: old,
      },
    );
    const official = await personWithMandate(t, units.tng.id, {
      roleCode: 'TREASURER',
      person: {
        fullNameAr: 'أمين المال',
        fullNameLatin: `Treasurer ${unique()}`,
        gender: 'FEMALE',
        membershipNumber: `M-${unique()}`,
      },
      mandate: { startsOn: '2019-01-01', endsOn: '2020-06-30' },
    });
    await t.ok(`mutation($id: ID!) { updateMandate(input: { id: $id, endReason: RESIGNED }) { id } }`, {
      id: official.mandateId,
    });
    await recordMeeting(t, units.tng.id, {
      date: '2021-03-04',
      startsAt: '2021-03-04T16:00:00Z',
      titleAr: 'اجتماع',
      participants: [
        { personId: official.personId, role: 'ATTENDEE', attendance: 'ATTENDED' },
        { guestName: 'Invité de presse', role: 'GUEST' },
      ],
    });
    pamDocument = await exportOf(t, 'PAM', admin);
  }, STARTUP_MS);
  afterAll(() => t?.close());

  it('exports a subtree whose every object is valid against the Popolo schemas (draft 3)', async () => {
    const doc = await exportOf(t, 'PAM', admin);
    for (const key of Object.keys(OF)) expect(Array.isArray(doc[key as keyof Doc])).toBe(true);
    expect(problems(doc)).toEqual([]);
    // The schemas do catch a broken object (the validator is not a no-op).
    const broken = { ...doc, events: [{ ...doc.events[0], start_date: '2 November 2020' }] };
    expect(problems(broken)).toHaveLength(1);
  });

  it('says what Popolo asks: levels, parents, territories with ISO and HCP codes, names in both scripts', async () => {
    const doc = await exportOf(t, 'PAM-MA-TNG', admin);
    const province = doc.organizations.find((o) => o.identifiers[0].identifier === 'PAM-MA-TNG')!;
    expect(province).toMatchObject({ classification: 'PROVINCIAL', parent_id: null });
    expect(province.other_names).toEqual([
      { name: 'الأمانة الإقليمية لعمالة طنجة-أصيلة', note: 'ar' },
      { name: expect.any(String), note: 'fr' },
    ]);
    const souani = doc.organizations.find((o) => o.identifiers[0].identifier === 'PAM-MA-TNG-SOUANI')!;
    expect(souani).toMatchObject({ classification: 'LOCAL', parent_id: province.id });
    const tangier = doc.areas.find((a) => a.id === province.area_id)!;
    expect(tangier.identifiers).toEqual(
      expect.arrayContaining([expect.objectContaining({ scheme: 'ISO 3166-2', identifier: 'MA-TNG' })]),
    );
    const souaniArea = doc.areas.find((a) => a.id === souani.area_id)!;
    expect(souaniArea.identifiers).toEqual([{ scheme: 'HCP', identifier: '01.511.01.06' }]);
    const limouriPerson = doc.persons.find((p) => p.name === 'منير ليموري')!;
    expect(limouriPerson.other_names).toEqual([
      { name: 'منير ليموري', note: 'ar' },
      { name: 'Mounir Limouri', note: 'latin' },
    ]);
    const mandate = doc.memberships.find((m) => m.person_id === limouriPerson.id && m.post_id)!;
    expect(mandate).toMatchObject({
      organization_id: province.id,
      role: 'SECRETARY_GENERAL',
      start_date: null,
    });
    // The seed meeting: its day only (the hour is unknown), convened by the province, with attendees.
    const seed = doc.events.find((e) => e.held_on === '2020-11-02')!;
    expect(seed).toMatchObject({
      start_date: '2020-11-02',
      organization_id: province.id,
      part_of_day: 'AFTERNOON',
    });
    expect(seed.attendees.map((a: any) => a.id)).toContain(limouriPerson.id);
    const timed = doc.events.find((e) => e.held_on === '2021-03-04')!;
    expect(timed.start_date).toBe('2021-03-04T16:00:00Z');
  });

  it('gives a provincial secretary nothing outside the province, and a unit outside it is absent (404)', async () => {
    const doc = await exportOf(t, 'PAM-MA-TNG', limouri);
    const text = JSON.stringify(doc);
    expect(text).not.toContain(outsider);
    expect(text).not.toContain('PAM-MA-01');
    expect(doc.organizations.every((o) => o.identifiers[0].identifier.startsWith('PAM-MA-TNG'))).toBe(true);
    // Units outside the province are left out even where a meeting names them (the region coordinated the seed meeting).
    const ids = new Set(doc.organizations.map((o) => o.id));
    for (const e of doc.events) for (const u of e.units) expect(ids.has(u.organization_id)).toBe(true);
    for (const code of ['PAM', 'PAM-MA-01', 'NOPE']) {
      const response = await get(t, `/export/popolo/${code}`, limouri);
      expect(response.status).toBe(404);
      expect(((await response.json()) as any).errors[0].extensions.code).toBe('NOT_FOUND');
    }
    const anonymous = await get(t, '/export/popolo/PAM-MA-TNG', null);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  describe('import into an empty registry', () => {
    let empty: TestApp;
    let emptyAdmin: string;
    const post = (body: unknown, token: string | null = emptyAdmin) =>
      fetch(`${empty.url.replace(/\/graphql$/, '')}/import/popolo`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(body),
      });

    beforeAll(async () => {
      empty = await startTestApp({ seed: 'reference' });
      emptyAdmin = await empty.login(TEST_ADMIN.email, TEST_ADMIN.password);
    }, STARTUP_MS);
    afterAll(() => empty?.close());

    it(
      'refuses a broken document with a coded error and writes nothing',
      async () => {
        // An empty registry again: the round trip may have filled this one first.
        await empty.close();
        empty = await startTestApp({ seed: 'reference' });
        emptyAdmin = await empty.login(TEST_ADMIN.email, TEST_ADMIN.password);
        // Exported before any import: a code read by one app in this process may be remembered for the other.
        const original = pamDocument;
        const cases: [unknown, string][] = [
          [{ organizations: 'all of them' }, 'organizations must be an array.'],
          [{ ...original, organizations: [] }, 'The document has no organizations.'],
          [
            {
              ...original,
              organizations: original.organizations.map((o, i) =>
                i === 1 ? { ...o, classification: 'GALAXY' } : o,
              ),
            },
            'classification must be one of',
          ],
          [
            {
              ...original,
              organizations: original.organizations.map((o) => ({
                ...o,
                parent_id: o.parent_id ?? original.organizations.at(-1).id,
              })),
            },
            'cycle',
          ],
          [
            {
              ...original,
              persons: original.persons.map((p, i) =>
                i === 0 ? { ...p, other_names: [{ name: 'A\u202Eb', note: 'latin' }] } : p,
              ),
            },
            'direction character',
          ],
        ];
        for (const [body, message] of cases) {
          const response = await post(body);
          expect(response.status).toBe(400);
          const error = ((await response.json()) as any).errors[0];
          expect(error.extensions.code).toBe('BAD_USER_INPUT');
          expect(error.message).toContain(message);
        }
        expect(await empty.sql(`SELECT id FROM org_unit`)).toEqual([]);
        expect(await empty.sql(`SELECT id FROM person`)).toEqual([]);
        expect((await post(original, null)).status).toBe(401);
      },
      STARTUP_MS,
    );

    it('reproduces the same units, posts, people, mandates and meetings, in one audited write', async () => {
      const original = pamDocument;
      const response = await post(original);
      expect(response.status).toBe(201);
      expect(await response.json()).toEqual({
        organizations: original.organizations.length,
        posts: original.posts.length,
        persons: original.persons.length,
        memberships: original.memberships.filter((m) => m.post_id).length,
        events: original.events.length,
      });
      const copy = await exportOf(empty, 'PAM', emptyAdmin);
      const [a, b] = [registry(original), registry(copy)];
      expect(a.units.filter((u) => u.includes('"dissolved":"2020-01-01"'))).toHaveLength(1);
      expect(b.units).toEqual(a.units);
      expect(b.posts).toEqual(a.posts);
      expect(b.people).toEqual(a.people);
      expect(b.mandates).toEqual(a.mandates);
      expect(b.meetings).toEqual(a.meetings);
      const events = await empty.sql<{ action: string }>(
        `SELECT action FROM audit_event WHERE action = 'importPopolo'`,
      );
      expect(events).toHaveLength(1);
      // Importing the same units again is refused whole: their codes are taken.
      const again = await post(original);
      expect(again.status).toBe(409);
      expect(await empty.sql(`SELECT count(*)::int AS n FROM org_unit`)).toEqual([
        { n: original.organizations.length },
      ]);
    });
  });
});
