import ICAL from 'ical.js';
import { createApiToken, createUnit, recordMeeting, unique } from './support/fixtures';
import { startTestApp, TEST_ADMIN, TestApp } from './support/test-app';

/** Starting an app and building the fixtures can take a while on a busy machine. */
const STARTUP_MS = 180_000;

interface FeedEvent {
  uid: string;
  summary: string;
  description: string;
  allDay: boolean;
  start: string;
  end: string | null;
  status: string | null;
  sequence: number;
}

/** A feed parsed by ical.js, as the events a phone calendar would show. */
function parseFeed(text: string): FeedEvent[] {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent);
    return {
      uid: event.uid,
      summary: event.summary,
      description: event.description ?? '',
      allDay: event.startDate.isDate,
      start: event.startDate.isDate ? event.startDate.toString() : event.startDate.toJSDate().toISOString(),
      end: event.endDate
        ? event.endDate.isDate
          ? event.endDate.toString()
          : event.endDate.toJSDate().toISOString()
        : null,
      status: (vevent.getFirstPropertyValue('status') as string | null) ?? null,
      sequence: event.sequence,
    };
  });
}

/**
 * The iCalendar feed of a unit (`GET /calendar/<code>.ics`), read with a read-only API token as a
 * phone calendar would (`?token=`): the unit's and its subtree's meetings, timed when the hour is
 * known, all-day otherwise, cancelled ones marked, with stable UIDs.
 */
describe('Calendar feed', () => {
  let t: TestApp;
  let base: string;
  let token: string;
  let provinceId: string;
  const ids = { timed: '', dayOnly: '', cancelled: '', local: '', outside: '' };
  const tag = unique();

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { headers });

  beforeAll(async () => {
    t = await startTestApp();
    base = t.url.replace(/\/graphql$/, '');
    const units = await t.ok<{ p: { id: string }; l: { id: string }; r: { id: string } }>(
      `{ p: orgUnit(code: "PAM-MA-TNG") { id } l: orgUnit(code: "PAM-MA-TNG-SOUANI") { id } r: orgUnit(code: "PAM") { id } }`,
    );
    provinceId = units.p.id;
    token = (await createApiToken(t, provinceId)).token;
    ids.timed = await recordMeeting(t, provinceId, {
      titleFr: `Bureau ${tag}`,
      titleAr: 'اجتماع المكتب',
      date: '2021-05-01',
      startsAt: '2021-05-01T10:00:00Z',
      endsAt: '2021-05-01T12:30:00Z',
      place: 'Tanger',
    });
    ids.dayOnly = await recordMeeting(t, provinceId, {
      titleFr: `Rencontre ${tag}`,
      date: '2021-06-07',
      partOfDay: 'MORNING',
    });
    ids.cancelled = await recordMeeting(t, provinceId, {
      titleFr: `Annulée ${tag}`,
      date: '2099-01-10',
      status: 'PLANNED',
    });
    await t.ok(`mutation($id: ID!) { cancelMeeting(input: { id: $id }) { id } }`, { id: ids.cancelled });
    ids.local = await recordMeeting(t, units.l.id, { titleFr: `Locale ${tag}`, date: '2021-07-01' });
    const region = await createUnit(t, { level: 'REGIONAL', parentId: units.r.id });
    ids.outside = await recordMeeting(t, region, { titleFr: `Ailleurs ${tag}`, date: '2021-07-02' });
  }, STARTUP_MS);
  afterAll(() => t?.close());

  it('serves the unit’s and its subtree’s meetings to a read-only token in the address', async () => {
    const response = await get(`/calendar/PAM-MA-TNG.ics?token=${token}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/calendar; charset=utf-8/);
    const events = parseFeed(await response.text());
    const uids = events.map((e) => e.uid);
    expect(uids).toEqual(
      expect.arrayContaining([ids.timed, ids.dayOnly, ids.cancelled, ids.local].map((id) => `${id}@tanzim`)),
    );
    expect(uids).not.toContain(`${ids.outside}@tanzim`);
    // The seed meeting: Monday 2 November 2020, afternoon, hour unknown.
    const seed = events.find((e) => e.start === '2020-11-02')!;
    expect(seed).toMatchObject({ allDay: true, end: '2020-11-03' });
    expect(seed.description).toContain('AFTERNOON');
  });

  it('times a meeting whose hour is known, and makes an all-day event (never an invented hour) otherwise', async () => {
    const events = parseFeed(await (await get(`/calendar/PAM-MA-TNG.ics?token=${token}`)).text());
    const timed = events.find((e) => e.uid === `${ids.timed}@tanzim`)!;
    expect(timed).toMatchObject({
      allDay: false,
      start: '2021-05-01T10:00:00.000Z',
      end: '2021-05-01T12:30:00.000Z',
      summary: `اجتماع المكتب · Bureau ${tag}`,
    });
    const dayOnly = events.find((e) => e.uid === `${ids.dayOnly}@tanzim`)!;
    expect(dayOnly).toMatchObject({ allDay: true, start: '2021-06-07', end: '2021-06-08' });
    expect(dayOnly.description).toContain('MORNING');
    const cancelled = events.find((e) => e.uid === `${ids.cancelled}@tanzim`)!;
    expect(cancelled.status).toBe('CANCELLED');
    expect(timed.status).toBe('CONFIRMED');
  });

  it('keeps UIDs stable and bumps SEQUENCE when a meeting changes', async () => {
    const before = parseFeed(await (await get(`/calendar/PAM-MA-TNG.ics?token=${token}`)).text());
    const { meeting } = await t.ok<{ meeting: { version: number } }>(
      `query($id: ID!) { meeting(id: $id) { version } }`,
      { id: ids.timed },
    );
    await t.ok(
      `mutation($id: ID!, $v: Int!) { updateMeeting(input: { id: $id, place: "Asilah", expectedVersion: $v }) { id } }`,
      { id: ids.timed, v: meeting.version },
    );
    const after = parseFeed(
      await (await get(`/calendar/PAM-MA-TNG.ics`, { authorization: `Bearer ${token}` })).text(),
    );
    expect(after.map((e) => e.uid).sort()).toEqual(before.map((e) => e.uid).sort());
    const was = before.find((e) => e.uid === `${ids.timed}@tanzim`)!;
    const is = after.find((e) => e.uid === `${ids.timed}@tanzim`)!;
    expect(is.sequence).toBeGreaterThan(was.sequence);
  });

  it('refuses a bad token with 401 and a unit outside the token’s subtree with 404, coded', async () => {
    for (const path of [
      '/calendar/PAM-MA-TNG.ics',
      '/calendar/PAM-MA-TNG.ics?token=tzk_forged',
      '/calendar/PAM-MA-TNG.ics?token=not-a-token',
    ]) {
      const response = await get(path);
      expect(response.status).toBe(401);
      const text = await response.text();
      expect(JSON.parse(text).errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(text).not.toMatch(/at .*\.js:\d+/);
    }
    for (const code of ['PAM-MA-01', 'PAM', 'NO-SUCH-UNIT']) {
      const response = await get(`/calendar/${code}.ics?token=${token}`);
      expect(response.status).toBe(404);
      expect(
        ((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code,
      ).toBe('NOT_FOUND');
    }
  });

  it('takes only a read-only API token in the address, never a session’s access token', async () => {
    const session = await t.login(TEST_ADMIN.email, TEST_ADMIN.password);
    const inAddress = await get(`/calendar/PAM-MA-TNG.ics?token=${session}`);
    expect(inAddress.status).toBe(401);
    const inHeader = await get(`/calendar/PAM-MA-TNG.ics`, { authorization: `Bearer ${session}` });
    expect(inHeader.status).toBe(200);
  });
});
