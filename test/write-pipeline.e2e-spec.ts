import { randomUUID } from 'node:crypto';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { afterCommit, CommittedChange } from '../src/common/after-commit';
import { DEMO_PASSWORD, seedId } from '../src/seed/demo-tangier';
import {
  createAccount,
  createApiToken,
  createPerson,
  createPost,
  createUnit,
  grantAccess,
  personWithMandate,
  recordMeeting,
  unique,
} from './support/fixtures';
import { GqlResponse, startTestApp, TEST_ADMIN, TestApp } from './support/test-app';

/**
 * The write pipeline, from the schema: every field of `Mutation` has an entry below, with a valid
 * call and a failing one (bad input, a conflict or an id out of reach). A valid call writes exactly one
 * audit event, with the mutation's action, under its own request and caller, and the after-commit
 * listeners hear exactly that change once it is committed; a failing call writes no event, tells the
 * listeners nothing and leaves every table as it was. A mutation added to the schema without an entry
 * fails the first test, so none can skip the pipeline unnoticed.
 */

/** Who makes a call: a bearer token (null: anonymous) and the account the audit trail names. */
interface Caller {
  token: string | null;
  accountId: string | null;
}

interface Call {
  query: string;
  variables?: Record<string, unknown>;
  /** Default: the national administrator. */
  as?: Caller;
}

interface Entry {
  /** The entity type its audit event is about. */
  entity: string;
  /** The action recorded; default the mutation's name. */
  action?: string;
  /** Builds what the call needs (through fixtures, before anything is counted) and answers the call. */
  valid: () => Promise<Call>;
  /** The same mutation refused, with the code it is refused with. */
  failing: () => Promise<Call & { code: string }>;
}

const UNIT = { region: seedId(2), province: seedId(3) };
/** An id no row has. */
const absent = () => randomUUID();
const inThirtyDays = () => new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

/**
 * Tables a failed mutation may change all the same, and why: the audit trail (counted on its own);
 * sign-in counts, which a refused sign-in must leave behind (outside the mutation's transaction, by
 * design: see `AuthService.checkCredentials`); the migrations' own bookkeeping.
 */
const OUTSIDE_THE_DATA = ['audit_event', 'login_attempt', 'migrations'];

describe('write pipeline, from the schema (e2e)', () => {
  let t: TestApp;
  let admin: Caller;
  let limouri: Caller;
  /** The id of the request a call carried, by the tag the test sent with it. */
  const requestIds = new Map<string, string>();
  const noteRequest = (message: unknown) => {
    const { request } = message as { request: { id: string; headers: Record<string, string | undefined> } };
    const tag = request.headers['x-test-call'];
    if (tag) requestIds.set(tag, String(request.id));
  };
  const heard: { change: CommittedChange; committed: Promise<boolean> }[] = [];
  let stopListening: () => void;
  let tables: string[];

  /** Posts a call with a tag, and answers the response and the id the app gave its request. */
  async function send(call: Call): Promise<{ result: GqlResponse; requestId: string | undefined }> {
    const tag = randomUUID();
    const caller = call.as ?? admin;
    const response = await fetch(t.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-test-call': tag,
        ...(caller.token ? { authorization: `Bearer ${caller.token}` } : {}),
      },
      body: JSON.stringify({ query: call.query, variables: call.variables }),
    });
    const body = (await response.json()) as Omit<GqlResponse, 'status'>;
    return { result: { status: response.status, ...body }, requestId: requestIds.get(tag) };
  }

  async function signIn(email: string, password: string): Promise<{ caller: Caller; refreshToken: string }> {
    const { result } = await send({
      query: `mutation($input: LoginInput!) { login(input: $input) { accessToken refreshToken account { id } } }`,
      variables: { input: { email, password } },
      as: { token: null, accountId: null },
    });
    const login = (
      result.data as { login: { accessToken: string; refreshToken: string; account: { id: string } } }
    ).login;
    return {
      caller: { token: login.accessToken, accountId: login.account.id },
      refreshToken: login.refreshToken,
    };
  }

  /** A new account of a new person of Tangier–Asilah, signed in. */
  async function signedInPerson(): Promise<{ caller: Caller; refreshToken: string; email: string }> {
    const personId = await createPerson(t, { homeUnitId: UNIT.province });
    const { email } = await createAccount(t, { password: 'a-long-enough-password', personId });
    return { ...(await signIn(email, 'a-long-enough-password')), email };
  }

  /** A fresh province of the region, with a local unit under it, for an entry to change as it likes. */
  async function freshUnits(): Promise<{ province: string; local: string }> {
    const province = await createUnit(t, { level: 'PROVINCIAL', parentId: UNIT.region });
    const local = await createUnit(t, { level: 'LOCAL', parentId: province });
    return { province, local };
  }

  /** A held meeting of a fresh unit with one attendee: its id, the person and the participation. */
  async function meetingWithAttendee() {
    const { province } = await freshUnits();
    const personId = await createPerson(t, { homeUnitId: province });
    const meetingId = await recordMeeting(t, province, { participants: [{ personId, role: 'ATTENDEE' }] });
    const [{ participation }] = await t.sql(
      `SELECT id::text AS participation FROM participation WHERE meeting_id = $1`,
      [meetingId],
    );
    return { province, personId, meetingId, participationId: participation as string };
  }

  const version = async (table: string, id: string) =>
    Number((await t.sql(`SELECT version FROM ${table} WHERE id = $1`, [id]))[0].version);

  async function addOutcome(meetingId: string): Promise<string> {
    const data = await t.ok(`mutation($input: AddOutcomeInput!) { addOutcome(input: $input) { id } }`, {
      input: { meetingId, kind: 'DECISION', textFr: 'Suivre' },
    });
    return data.addOutcome.id as string;
  }

  async function createSeries(organizingUnitId: string): Promise<string> {
    const data = await t.ok(
      `mutation($input: CreateMeetingSeriesInput!) { createMeetingSeries(input: $input) { id } }`,
      { input: { organizingUnitId, titleFr: `Tournée ${unique()}` } },
    );
    return data.createMeetingSeries.id as string;
  }

  const accountOf = async () => {
    const personId = await createPerson(t, { homeUnitId: UNIT.province });
    return (await createAccount(t, { password: 'a-long-enough-password', personId })).id;
  };

  const ENTRIES: Record<string, Entry> = {
    createOrgUnit: {
      entity: 'OrgUnit',
      valid: async () => ({
        query: `mutation($input: CreateOrgUnitInput!) { createOrgUnit(input: $input) { id } }`,
        variables: {
          input: {
            code: `WP-${unique()}`,
            level: 'PROVINCIAL',
            parentId: UNIT.region,
            nameAr: 'أمانة',
            nameFr: 'Secrétariat',
          },
        },
      }),
      failing: async () => ({
        query: `mutation($input: CreateOrgUnitInput!) { createOrgUnit(input: $input) { id } }`,
        variables: {
          input: {
            code: 'PAM-MA-TNG',
            level: 'PROVINCIAL',
            parentId: UNIT.region,
            nameAr: 'أمانة',
            nameFr: 'Secrétariat',
          },
        },
        code: 'CONFLICT',
      }),
    },
    updateOrgUnit: {
      entity: 'OrgUnit',
      valid: async () => ({
        query: `mutation($id: ID!) { updateOrgUnit(input: { id: $id, nameFr: "Secrétariat renommé" }) { id } }`,
        variables: { id: (await freshUnits()).province },
      }),
      // A provincial secretary reaching a unit of another province: as if it did not exist.
      failing: async () => ({
        query: `mutation($id: ID!) { updateOrgUnit(input: { id: $id, nameFr: "Hors de portée" }) { id } }`,
        variables: { id: (await freshUnits()).province },
        as: limouri,
        code: 'NOT_FOUND',
      }),
    },
    moveOrgUnit: {
      entity: 'OrgUnit',
      valid: async () => {
        const from = await freshUnits();
        const to = await freshUnits();
        return {
          query: `mutation($id: ID!, $parent: ID!) { moveOrgUnit(input: { id: $id, parentId: $parent }) { id } }`,
          variables: { id: from.local, parent: to.province },
        };
      },
      failing: async () => {
        const units = await freshUnits();
        const other = await createUnit(t, { level: 'LOCAL', parentId: units.province });
        return {
          query: `mutation($id: ID!, $parent: ID!) { moveOrgUnit(input: { id: $id, parentId: $parent }) { id } }`,
          variables: { id: units.local, parent: other },
          code: 'BAD_USER_INPUT',
        };
      },
    },
    dissolveOrgUnit: {
      entity: 'OrgUnit',
      valid: async () => {
        const { local } = await freshUnits();
        await personWithMandate(t, local);
        return {
          query: `mutation($id: ID!) { dissolveOrgUnit(input: { id: $id, dissolvedOn: "2024-01-01" }) { id } }`,
          variables: { id: local },
        };
      },
      // Units below it are still active.
      failing: async () => ({
        query: `mutation($id: ID!) { dissolveOrgUnit(input: { id: $id, dissolvedOn: "2024-01-01" }) { id } }`,
        variables: { id: (await freshUnits()).province },
        code: 'CONFLICT',
      }),
    },
    createPerson: {
      entity: 'Person',
      valid: async () => ({
        query: `mutation($input: CreatePersonInput!) { createPerson(input: $input) { id } }`,
        variables: { input: { fullNameLatin: `Person ${unique()}`, homeUnitId: UNIT.province } },
      }),
      failing: async () => ({
        query: `mutation($input: CreatePersonInput!) { createPerson(input: $input) { id } }`,
        variables: { input: { fullNameLatin: `Person ${unique()}`, homeUnitId: absent() } },
        code: 'NOT_FOUND',
      }),
    },
    updatePerson: {
      entity: 'Person',
      valid: async () => ({
        query: `mutation($id: ID!) { updatePerson(input: { id: $id, fullNameAr: "اسم جديد" }) { id } }`,
        variables: { id: await createPerson(t, { homeUnitId: UNIT.province }) },
      }),
      failing: async () => {
        const id = await createPerson(t, { homeUnitId: UNIT.province });
        return {
          query: `mutation($id: ID!, $v: Int) { updatePerson(input: { id: $id, fullNameAr: "اسم", expectedVersion: $v }) { id } }`,
          variables: { id, v: (await version('person', id)) + 1 },
          code: 'CONFLICT',
        };
      },
    },
    createPosition: {
      entity: 'Position',
      valid: async () => ({
        query: `mutation($unit: ID!) { createPosition(input: { unitId: $unit, roleCode: "TREASURER" }) { id } }`,
        variables: { unit: (await freshUnits()).local },
      }),
      // One post per role in a unit.
      failing: async () => {
        const { local } = await freshUnits();
        await createPost(t, local, 'TREASURER');
        return {
          query: `mutation($unit: ID!) { createPosition(input: { unitId: $unit, roleCode: "TREASURER" }) { id } }`,
          variables: { unit: local },
          code: 'CONFLICT',
        };
      },
    },
    updatePosition: {
      entity: 'Position',
      valid: async () => ({
        query: `mutation($id: ID!) { updatePosition(input: { id: $id, titleFr: "Secrétaire" }) { id } }`,
        variables: { id: await createPost(t, (await freshUnits()).local) },
      }),
      failing: async () => {
        const id = await createPost(t, (await freshUnits()).local);
        return {
          query: `mutation($id: ID!, $v: Int) { updatePosition(input: { id: $id, titleFr: "Secrétaire", expectedVersion: $v }) { id } }`,
          variables: { id, v: (await version('position', id)) + 1 },
          code: 'CONFLICT',
        };
      },
    },
    appoint: {
      entity: 'Mandate',
      valid: async () => {
        const { local } = await freshUnits();
        return {
          query: `mutation($input: AppointInput!) { appoint(input: $input) { id } }`,
          variables: {
            input: {
              positionId: await createPost(t, local),
              personId: await createPerson(t),
              startsOn: '2021-01-01',
            },
          },
        };
      },
      // A one-seat post already held.
      failing: async () => {
        const { positionId } = await personWithMandate(t, (await freshUnits()).local);
        return {
          query: `mutation($input: AppointInput!) { appoint(input: $input) { id } }`,
          variables: { input: { positionId, personId: await createPerson(t), startsOn: '2021-01-01' } },
          code: 'CONFLICT',
        };
      },
    },
    endMandate: {
      entity: 'Mandate',
      valid: async () => ({
        query: `mutation($id: ID!) { endMandate(input: { id: $id, endsOn: "2023-12-31" }) { id } }`,
        variables: { id: (await personWithMandate(t, (await freshUnits()).local)).mandateId },
      }),
      // Before it started.
      failing: async () => ({
        query: `mutation($id: ID!) { endMandate(input: { id: $id, endsOn: "2019-12-31" }) { id } }`,
        variables: { id: (await personWithMandate(t, (await freshUnits()).local)).mandateId },
        code: 'BAD_USER_INPUT',
      }),
    },
    updateMandate: {
      entity: 'Mandate',
      valid: async () => ({
        query: `mutation($id: ID!) { updateMandate(input: { id: $id, source: "Procès-verbal" }) { id } }`,
        variables: { id: (await personWithMandate(t, (await freshUnits()).local)).mandateId },
      }),
      failing: async () => ({
        query: `mutation($id: ID!) { updateMandate(input: { id: $id, source: "Procès-verbal" }) { id } }`,
        variables: { id: absent() },
        code: 'NOT_FOUND',
      }),
    },
    recordMeeting: {
      entity: 'Meeting',
      valid: async () => {
        const { province } = await freshUnits();
        return {
          query: `mutation($input: RecordMeetingInput!) { recordMeeting(input: $input) { id } }`,
          variables: {
            input: {
              kind: 'OUTREACH',
              status: 'HELD',
              date: '2021-05-01',
              titleFr: `Rencontre ${unique()}`,
              convenerUnitId: province,
              participants: [{ personId: await createPerson(t), role: 'CONVENER' }],
              agenda: [{ titleFr: 'Situation organisationnelle' }],
            },
          },
        };
      },
      // Its participant does not exist: the meeting written before is rolled back with it.
      failing: async () => ({
        query: `mutation($input: RecordMeetingInput!) { recordMeeting(input: $input) { id } }`,
        variables: {
          input: {
            kind: 'OUTREACH',
            status: 'HELD',
            date: '2021-05-01',
            titleFr: `Rencontre ${unique()}`,
            convenerUnitId: (await freshUnits()).province,
            participants: [{ personId: absent(), role: 'ATTENDEE' }],
          },
        },
        code: 'NOT_FOUND',
      }),
    },
    updateMeeting: {
      entity: 'Meeting',
      valid: async () => {
        const id = await recordMeeting(t, (await freshUnits()).province);
        return {
          query: `mutation($id: ID!, $v: Int!) { updateMeeting(input: { id: $id, place: "Tanger", expectedVersion: $v }) { id } }`,
          variables: { id, v: await version('meeting', id) },
        };
      },
      failing: async () => {
        const id = await recordMeeting(t, (await freshUnits()).province);
        return {
          query: `mutation($id: ID!, $v: Int!) { updateMeeting(input: { id: $id, place: "Tanger", expectedVersion: $v }) { id } }`,
          variables: { id, v: (await version('meeting', id)) + 1 },
          code: 'CONFLICT',
        };
      },
    },
    cancelMeeting: {
      entity: 'Meeting',
      valid: async () => ({
        query: `mutation($id: ID!) { cancelMeeting(input: { id: $id }) { id } }`,
        variables: {
          id: await recordMeeting(t, (await freshUnits()).province, {
            status: 'PLANNED',
            date: '2030-01-01',
          }),
        },
      }),
      // A meeting of another province, for its secretary: as if it did not exist.
      failing: async () => ({
        query: `mutation($id: ID!) { cancelMeeting(input: { id: $id }) { id } }`,
        variables: {
          id: await recordMeeting(t, (await freshUnits()).province, {
            status: 'PLANNED',
            date: '2030-01-01',
          }),
        },
        as: limouri,
        code: 'NOT_FOUND',
      }),
    },
    setAttendance: {
      entity: 'Meeting',
      valid: async () => {
        const { meetingId, personId } = await meetingWithAttendee();
        return {
          query: `mutation($input: SetAttendanceInput!) { setAttendance(input: $input) { id } }`,
          variables: { input: { meetingId, entries: [{ personId, attendance: 'ATTENDED' }] } },
        };
      },
      // Someone who is not a participant.
      failing: async () => {
        const { meetingId } = await meetingWithAttendee();
        return {
          query: `mutation($input: SetAttendanceInput!) { setAttendance(input: $input) { id } }`,
          variables: {
            input: { meetingId, entries: [{ personId: await createPerson(t), attendance: 'ATTENDED' }] },
          },
          code: 'NOT_FOUND',
        };
      },
    },
    addParticipants: {
      entity: 'Meeting',
      valid: async () => {
        const { meetingId } = await meetingWithAttendee();
        return {
          query: `mutation($input: AddParticipantsInput!) { addParticipants(input: $input) { id } }`,
          variables: {
            input: { meetingId, participants: [{ personId: await createPerson(t), role: 'GUEST' }] },
          },
        };
      },
      // Someone already there.
      failing: async () => {
        const { meetingId, personId } = await meetingWithAttendee();
        return {
          query: `mutation($input: AddParticipantsInput!) { addParticipants(input: $input) { id } }`,
          variables: { input: { meetingId, participants: [{ personId, role: 'GUEST' }] } },
          code: 'CONFLICT',
        };
      },
    },
    removeParticipant: {
      entity: 'Meeting',
      valid: async () => ({
        query: `mutation($id: ID!) { removeParticipant(input: { participationId: $id }) { id } }`,
        variables: { id: (await meetingWithAttendee()).participationId },
      }),
      failing: async () => ({
        query: `mutation($id: ID!) { removeParticipant(input: { participationId: $id }) { id } }`,
        variables: { id: absent() },
        code: 'NOT_FOUND',
      }),
    },
    addOutcome: {
      entity: 'Outcome',
      valid: async () => ({
        query: `mutation($input: AddOutcomeInput!) { addOutcome(input: $input) { id } }`,
        variables: {
          input: {
            meetingId: (await meetingWithAttendee()).meetingId,
            kind: 'COMMITMENT',
            textFr: 'Préparer les élections',
          },
        },
      }),
      failing: async () => ({
        query: `mutation($input: AddOutcomeInput!) { addOutcome(input: $input) { id } }`,
        variables: { input: { meetingId: absent(), kind: 'COMMITMENT', textFr: 'Préparer les élections' } },
        code: 'NOT_FOUND',
      }),
    },
    setOutcomeStatus: {
      entity: 'Outcome',
      valid: async () => ({
        query: `mutation($id: ID!) { setOutcomeStatus(input: { id: $id, status: DONE, closedOn: "2021-06-01" }) { id } }`,
        variables: { id: await addOutcome((await meetingWithAttendee()).meetingId) },
      }),
      failing: async () => {
        const id = await addOutcome((await meetingWithAttendee()).meetingId);
        return {
          query: `mutation($id: ID!, $v: Int) { setOutcomeStatus(input: { id: $id, status: DONE, closedOn: "2021-06-01", expectedVersion: $v }) { id } }`,
          variables: { id, v: (await version('outcome', id)) + 1 },
          code: 'CONFLICT',
        };
      },
    },
    createMeetingSeries: {
      entity: 'MeetingSeries',
      valid: async () => {
        const { province, local } = await freshUnits();
        return {
          query: `mutation($input: CreateMeetingSeriesInput!) { createMeetingSeries(input: $input) { id } }`,
          variables: {
            input: {
              organizingUnitId: province,
              titleFr: `Tournée ${unique()}`,
              targets: { unitIds: [local] },
            },
          },
        };
      },
      failing: async () => ({
        query: `mutation($input: CreateMeetingSeriesInput!) { createMeetingSeries(input: $input) { id } }`,
        variables: { input: { organizingUnitId: absent(), titleFr: `Tournée ${unique()}` } },
        code: 'NOT_FOUND',
      }),
    },
    updateMeetingSeries: {
      entity: 'MeetingSeries',
      valid: async () => ({
        query: `mutation($id: ID!) { updateMeetingSeries(input: { id: $id, titleFr: "Tournée des communes" }) { id } }`,
        variables: { id: await createSeries((await freshUnits()).province) },
      }),
      failing: async () => {
        const id = await createSeries((await freshUnits()).province);
        return {
          query: `mutation($id: ID!, $v: Int) { updateMeetingSeries(input: { id: $id, titleFr: "Tournée", expectedVersion: $v }) { id } }`,
          variables: { id, v: (await version('meeting_series', id)) + 1 },
          code: 'CONFLICT',
        };
      },
    },
    createAccount: {
      entity: 'Account',
      valid: async () => ({
        query: `mutation($input: CreateAccountInput!) { createAccount(input: $input) { id } }`,
        variables: {
          input: {
            email: `wp-${unique()}@test.local`,
            password: 'a-long-enough-password',
            personId: await createPerson(t, { homeUnitId: UNIT.province }),
          },
        },
      }),
      failing: async () => ({
        query: `mutation($input: CreateAccountInput!) { createAccount(input: $input) { id } }`,
        variables: { input: { email: TEST_ADMIN.email, password: 'a-long-enough-password' } },
        code: 'CONFLICT',
      }),
    },
    disableAccount: {
      entity: 'Account',
      valid: async () => ({
        query: `mutation($id: ID!) { disableAccount(input: { id: $id }) { id } }`,
        variables: { id: await accountOf() },
      }),
      // Not one's own.
      failing: async () => ({
        query: `mutation($id: ID!) { disableAccount(input: { id: $id }) { id } }`,
        variables: { id: admin.accountId },
        code: 'FORBIDDEN',
      }),
    },
    enableAccount: {
      entity: 'Account',
      valid: async () => {
        const id = await accountOf();
        await t.ok(`mutation($id: ID!) { disableAccount(input: { id: $id }) { id } }`, { id });
        return {
          query: `mutation($id: ID!) { enableAccount(input: { id: $id }) { id } }`,
          variables: { id },
        };
      },
      failing: async () => ({
        query: `mutation($id: ID!) { enableAccount(input: { id: $id }) { id } }`,
        variables: { id: absent() },
        code: 'NOT_FOUND',
      }),
    },
    deleteAccount: {
      entity: 'Account',
      valid: async () => ({
        query: `mutation($id: ID!) { deleteAccount(input: { id: $id }) { id } }`,
        variables: { id: await accountOf() },
      }),
      failing: async () => ({
        query: `mutation($id: ID!) { deleteAccount(input: { id: $id }) { id } }`,
        variables: { id: admin.accountId },
        code: 'FORBIDDEN',
      }),
    },
    endSessions: {
      entity: 'Account',
      valid: async () => ({
        query: `mutation($id: ID!) { endSessions(input: { accountId: $id }) { id } }`,
        variables: { id: (await signedInPerson()).caller.accountId },
      }),
      failing: async () => ({
        query: `mutation($id: ID!) { endSessions(input: { accountId: $id }) { id } }`,
        variables: { id: absent() },
        code: 'NOT_FOUND',
      }),
    },
    unlockAccount: {
      entity: 'Account',
      valid: async () => ({
        query: `mutation($id: ID!) { unlockAccount(input: { id: $id }) { id } }`,
        variables: { id: await accountOf() },
      }),
      failing: async () => ({
        query: `mutation($id: ID!) { unlockAccount(input: { id: $id }) { id } }`,
        variables: { id: absent() },
        code: 'NOT_FOUND',
      }),
    },
    confirmAccount: {
      entity: 'Account',
      valid: async () => ({
        query: `mutation($id: ID!) { confirmAccount(input: { id: $id }) { id } }`,
        variables: { id: await accountOf() },
      }),
      // An account linked to no person has no grants from posts to confirm.
      failing: async () => ({
        query: `mutation($id: ID!) { confirmAccount(input: { id: $id }) { id } }`,
        variables: { id: (await createAccount(t, { password: 'a-long-enough-password' })).id },
        code: 'BAD_USER_INPUT',
      }),
    },
    grantAccess: {
      entity: 'AccessBinding',
      valid: async () => ({
        query: `mutation($a: ID!, $u: ID!) { grantAccess(input: { accountId: $a, unitId: $u, level: VIEWER }) { id } }`,
        variables: { a: await accountOf(), u: UNIT.province },
      }),
      // Nobody grants access to themselves.
      failing: async () => ({
        query: `mutation($a: ID!, $u: ID!) { grantAccess(input: { accountId: $a, unitId: $u, level: VIEWER }) { id } }`,
        variables: { a: admin.accountId, u: UNIT.province },
        code: 'FORBIDDEN',
      }),
    },
    confirmAccess: {
      entity: 'AccessBinding',
      // Granted by the provincial secretary on the strength of his mandate, confirmed above.
      valid: async () => ({
        query: `mutation($id: ID!) { confirmAccess(input: { id: $id }) { id } }`,
        variables: { id: await grantAccess(t.as(limouri.token), await accountOf(), UNIT.province) },
      }),
      // Granted by a national administrator, it depends on no mandate.
      failing: async () => ({
        query: `mutation($id: ID!) { confirmAccess(input: { id: $id }) { id } }`,
        variables: { id: await grantAccess(t, await accountOf(), UNIT.province) },
        code: 'CONFLICT',
      }),
    },
    revokeAccess: {
      entity: 'AccessBinding',
      valid: async () => ({
        query: `mutation($id: ID!) { revokeAccess(input: { id: $id }) { id } }`,
        variables: { id: await grantAccess(t, await accountOf(), UNIT.province) },
      }),
      failing: async () => {
        const id = await grantAccess(t, await accountOf(), UNIT.province);
        await t.ok(`mutation($id: ID!) { revokeAccess(input: { id: $id }) { id } }`, { id });
        return {
          query: `mutation($id: ID!) { revokeAccess(input: { id: $id }) { id } }`,
          variables: { id },
          code: 'CONFLICT',
        };
      },
    },
    createApiToken: {
      entity: 'ApiToken',
      valid: async () => ({
        query: `mutation($u: ID!, $e: Date!) { createApiToken(input: { name: "Tableau de bord", unitId: $u, readOnly: true, expiresOn: $e }) { token apiToken { id } } }`,
        variables: { u: UNIT.province, e: inThirtyDays() },
      }),
      failing: async () => ({
        query: `mutation($u: ID!) { createApiToken(input: { name: "Tableau de bord", unitId: $u, readOnly: true, expiresOn: "2020-01-01" }) { token } }`,
        variables: { u: UNIT.province },
        code: 'BAD_USER_INPUT',
      }),
    },
    revokeApiToken: {
      entity: 'ApiToken',
      valid: async () => ({
        query: `mutation($id: ID!) { revokeApiToken(input: { id: $id }) { id } }`,
        variables: { id: (await createApiToken(t, UNIT.province)).id },
      }),
      failing: async () => {
        const { id } = await createApiToken(t, UNIT.province);
        await t.ok(`mutation($id: ID!) { revokeApiToken(input: { id: $id }) { id } }`, { id });
        return {
          query: `mutation($id: ID!) { revokeApiToken(input: { id: $id }) { id } }`,
          variables: { id },
          code: 'CONFLICT',
        };
      },
    },
    login: {
      entity: 'Account',
      valid: async () => {
        const personId = await createPerson(t, { homeUnitId: UNIT.province });
        const { email } = await createAccount(t, { password: 'a-long-enough-password', personId });
        return {
          query: `mutation($input: LoginInput!) { login(input: $input) { accessToken } }`,
          variables: { input: { email, password: 'a-long-enough-password' } },
          as: { token: null, accountId: null },
        };
      },
      failing: async () => {
        const personId = await createPerson(t, { homeUnitId: UNIT.province });
        const { email } = await createAccount(t, { password: 'a-long-enough-password', personId });
        return {
          query: `mutation($input: LoginInput!) { login(input: $input) { accessToken } }`,
          variables: { input: { email, password: 'not-the-password' } },
          as: { token: null, accountId: null },
          code: 'UNAUTHENTICATED',
        };
      },
    },
    refreshSession: {
      entity: 'Account',
      valid: async () => ({
        query: `mutation($r: String!) { refreshSession(input: { refreshToken: $r }) { accessToken } }`,
        variables: { r: (await signedInPerson()).refreshToken },
        as: { token: null, accountId: null },
      }),
      // (A refresh token traded twice is refused too, but after ending its family: that is a change,
      // audited as refreshSession:reuse; see test/security/refresh-reuse.e2e-spec.ts.)
      failing: async () => ({
        query: `mutation($r: String!) { refreshSession(input: { refreshToken: $r }) { accessToken } }`,
        variables: { r: 'not-a-refresh-token' },
        as: { token: null, accountId: null },
        code: 'UNAUTHENTICATED',
      }),
    },
    logout: {
      entity: 'Account',
      valid: async () => ({ query: `mutation { logout }`, as: (await signedInPerson()).caller }),
      failing: async () => ({
        query: `mutation { logout }`,
        as: { token: null, accountId: null },
        code: 'UNAUTHENTICATED',
      }),
    },
  };

  /** A digest of every table a mutation may change, to prove a refused one changed none. */
  const data = async () =>
    (
      await t.sql<{ digest: string }>(
        `SELECT ${tables
          .map(
            (table) =>
              `(SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM "${table}" x)`,
          )
          .join(` || ',' || `)} AS digest`,
      )
    )[0].digest;
  const lastEventId = async () =>
    (await t.sql<{ id: string | null }>(`SELECT max(id)::text AS id FROM audit_event`))[0].id ?? '0';

  beforeAll(async () => {
    t = await startTestApp();
    subscribe('tracing:fastify.request.handler:start', noteRequest);
    stopListening = afterCommit.listen((change) => {
      // Asked at once, from outside the app's transaction: on PostgreSQL a change heard before its
      // commit is not seen yet (embedded PGlite has one connection, so there the question waits).
      heard.push({
        change,
        committed: t
          .sql(`SELECT 1 FROM audit_event WHERE id = $1`, [change.eventId])
          .then((rows) => rows.length === 1),
      });
    });
    tables = (
      await t.sql<{ name: string }>(
        `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
      )
    )
      .map((row) => row.name)
      .filter((name) => !OUTSIDE_THE_DATA.includes(name));
    admin = (await signIn(TEST_ADMIN.email, TEST_ADMIN.password)).caller;
    limouri = (await signIn('limouri@tanzim.demo', DEMO_PASSWORD)).caller;
  });
  afterAll(async () => {
    stopListening?.();
    unsubscribe('tracing:fastify.request.handler:start', noteRequest);
    await t?.close();
  });

  const mutations = () =>
    Object.keys(t.app.get(GraphQLSchemaHost).schema.getMutationType()!.getFields()).sort();

  it('has an entry for every mutation of the schema, and none for a mutation it does not have', () => {
    expect(mutations().length).toBeGreaterThan(30);
    expect(Object.keys(ENTRIES).sort()).toEqual(mutations());
  });

  it('writes exactly one audit event for a successful mutation, heard once after its commit', async () => {
    const problems: string[] = [];
    for (const name of mutations()) {
      const entry = ENTRIES[name];
      if (!entry) continue;
      const call = await entry.valid();
      const since = await lastEventId();
      heard.length = 0;
      const { result, requestId } = await send(call);
      if (result.errors) {
        problems.push(`${name}: refused (${JSON.stringify(result.errors)})`);
        continue;
      }
      const events = await t.sql<{
        id: string;
        action: string;
        entityType: string;
        requestId: string;
        actor: string | null;
      }>(
        `SELECT id::text AS id, action, entity_type AS "entityType", request_id AS "requestId",
                actor_account_id::text AS actor
           FROM audit_event WHERE id > $1 ORDER BY id`,
        [since],
      );
      const caller = call.as ?? admin;
      const expected = { action: entry.action ?? name, entityType: entry.entity };
      const got = {
        events: events.map(({ action, entityType, requestId: request, actor }) => ({
          action,
          entityType,
          request,
          actor,
        })),
        heard: await Promise.all(
          heard.map(async ({ change, committed }) => ({
            eventId: change.eventId,
            action: change.action,
            entityType: change.entityType,
            committed: await committed,
          })),
        ),
      };
      const want = {
        events: [{ ...expected, request: requestId, actor: caller.accountId }],
        heard: [{ eventId: events[0]?.id, ...expected, committed: true }],
      };
      if (!requestId || JSON.stringify(got) !== JSON.stringify(want)) {
        problems.push(`${name}: ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('writes no audit event, tells no listener and changes no data when a mutation is refused', async () => {
    const problems: string[] = [];
    for (const name of mutations()) {
      const entry = ENTRIES[name];
      if (!entry) continue;
      const { code, ...call } = await entry.failing();
      const since = await lastEventId();
      const before = await data();
      heard.length = 0;
      const { result } = await send(call);
      const got = {
        codes: result.errors?.map((error) => error.extensions.code) ?? [],
        events: Number((await t.sql(`SELECT count(*) AS n FROM audit_event WHERE id > $1`, [since]))[0].n),
        heard: heard.map(({ change }) => change.action),
        dataUnchanged: (await data()) === before,
      };
      const want = { codes: [code], events: 0, heard: [], dataUnchanged: true };
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        problems.push(`${name}: ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
