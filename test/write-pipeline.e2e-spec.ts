import { randomUUID } from 'node:crypto';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { getNamedType, isObjectType } from 'graphql';
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

/** A call of a mutation: its one `input` (none for `logout`) and who makes it. */
interface Call {
  input?: Record<string, unknown>;
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

const ANONYMOUS: Caller = { token: null, accountId: null };
const PASSWORD = 'a-long-enough-password';

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

  /**
   * The document of a mutation, from the schema: its one `input` argument (none for `logout`) and
   * the type of what it answers.
   */
  function documentOf(name: string): string {
    const field = t.app.get(GraphQLSchemaHost).schema.getMutationType()!.getFields()[name];
    const input = field.args.find((arg) => arg.name === 'input');
    const selection = isObjectType(getNamedType(field.type)) ? '{ __typename }' : '';
    return input
      ? `mutation($input: ${input.type.toString()}) { ${name}(input: $input) ${selection} }`
      : `mutation { ${name} ${selection} }`;
  }

  /** Posts a document with a tag, and answers the response and the id the app gave its request. */
  async function post(
    query: string,
    variables: Record<string, unknown>,
    caller: Caller,
  ): Promise<{ result: GqlResponse; requestId: string | undefined }> {
    const tag = randomUUID();
    const response = await fetch(t.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-test-call': tag,
        ...(caller.token ? { authorization: `Bearer ${caller.token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as Omit<GqlResponse, 'status'>;
    return { result: { status: response.status, ...body }, requestId: requestIds.get(tag) };
  }

  const send = (name: string, call: Call) =>
    post(documentOf(name), call.input ? { input: call.input } : {}, call.as ?? admin);

  async function signIn(email: string, password: string): Promise<{ caller: Caller; refreshToken: string }> {
    const { result } = await post(
      `mutation($input: LoginInput!) { login(input: $input) { accessToken refreshToken account { id } } }`,
      { input: { email, password } },
      ANONYMOUS,
    );
    const login = (
      result.data as { login: { accessToken: string; refreshToken: string; account: { id: string } } }
    ).login;
    return {
      caller: { token: login.accessToken, accountId: login.account.id },
      refreshToken: login.refreshToken,
    };
  }

  /** A new person of Tangier–Asilah. */
  const tangierPerson = () => createPerson(t, { homeUnitId: UNIT.province });

  /** The email of a new account of a new person of Tangier–Asilah, whose password is PASSWORD. */
  const freshEmail = async () =>
    (await createAccount(t, { password: PASSWORD, personId: await tangierPerson() })).email;

  /** A new account of a new person of Tangier–Asilah. */
  const freshAccount = async () =>
    (await createAccount(t, { password: PASSWORD, personId: await tangierPerson() })).id;

  /** A new account of a new person of Tangier–Asilah, signed in. */
  const signedInPerson = async () => signIn(await freshEmail(), PASSWORD);

  /** A fresh province of the region, with a local unit under it, for an entry to change as it likes. */
  async function freshUnits(): Promise<{ province: string; local: string }> {
    const province = await createUnit(t, { level: 'PROVINCIAL', parentId: UNIT.region });
    const local = await createUnit(t, { level: 'LOCAL', parentId: province });
    return { province, local };
  }

  const unitInput = (code: string) => ({
    code,
    level: 'PROVINCIAL',
    parentId: UNIT.region,
    nameAr: 'أمانة',
    nameFr: 'Secrétariat',
  });

  const freshPost = async () => createPost(t, (await freshUnits()).local);
  const freshMandate = async () => (await personWithMandate(t, (await freshUnits()).local)).mandateId;

  /** A held meeting of a fresh unit with one attendee: its id, the person and the participation. */
  async function meetingWithAttendee() {
    const { province } = await freshUnits();
    const personId = await createPerson(t, { homeUnitId: province });
    const meetingId = await recordMeeting(t, province, { participants: [{ personId, role: 'ATTENDEE' }] });
    const [{ participation }] = await t.sql(
      `SELECT id::text AS participation FROM participation WHERE meeting_id = $1`,
      [meetingId],
    );
    return { personId, meetingId, participationId: participation as string };
  }

  const meetingInput = async () => ({
    kind: 'OUTREACH',
    status: 'HELD',
    date: '2021-05-01',
    titleFr: `Rencontre ${unique()}`,
    convenerUnitId: (await freshUnits()).province,
  });

  const plannedMeeting = async () =>
    recordMeeting(t, (await freshUnits()).province, { status: 'PLANNED', date: '2030-01-01' });

  async function freshOutcome(): Promise<string> {
    const data = await t.ok(`mutation($input: AddOutcomeInput!) { addOutcome(input: $input) { id } }`, {
      input: { meetingId: (await meetingWithAttendee()).meetingId, kind: 'DECISION', textFr: 'Suivre' },
    });
    return data.addOutcome.id as string;
  }

  async function freshSeries(): Promise<string> {
    const data = await t.ok(
      `mutation($input: CreateMeetingSeriesInput!) { createMeetingSeries(input: $input) { id } }`,
      { input: { organizingUnitId: (await freshUnits()).province, titleFr: `Tournée ${unique()}` } },
    );
    return data.createMeetingSeries.id as string;
  }

  const version = async (table: string, id: string) =>
    Number((await t.sql(`SELECT version FROM ${table} WHERE id = $1`, [id]))[0].version);

  /** A row's id with a version it never had (the next one): a stale write. */
  const stale = async (table: string, id: string) => ({
    id,
    expectedVersion: (await version(table, id)) + 1,
  });

  const ENTRIES: Record<string, Entry> = {
    createOrgUnit: {
      entity: 'OrgUnit',
      valid: async () => ({ input: unitInput(`WP-${unique()}`) }),
      failing: async () => ({ input: unitInput('PAM-MA-TNG'), code: 'CONFLICT' }),
    },
    updateOrgUnit: {
      entity: 'OrgUnit',
      valid: async () => ({ input: { id: (await freshUnits()).province, nameFr: 'Secrétariat renommé' } }),
      // A provincial secretary reaching a unit of another province: as if it did not exist.
      failing: async () => ({
        input: { id: (await freshUnits()).province, nameFr: 'Hors de portée' },
        as: limouri,
        code: 'NOT_FOUND',
      }),
    },
    setOrgUnitAliases: {
      entity: 'OrgUnit',
      valid: async () => ({ input: { unit: (await freshUnits()).province, aliases: ['Tanja'] } }),
      // A provincial secretary naming a unit of another province by its code: as if it did not exist.
      failing: async () => ({
        input: {
          unitCode: (
            await t.ok(`query($id: ID!) { orgUnit(id: $id) { code } }`, { id: (await freshUnits()).province })
          ).orgUnit.code,
          aliases: ['x'],
        },
        as: limouri,
        code: 'NOT_FOUND',
      }),
    },
    moveOrgUnit: {
      entity: 'OrgUnit',
      valid: async () => ({
        input: { id: (await freshUnits()).local, parentId: (await freshUnits()).province },
      }),
      // A local unit under another local unit.
      failing: async () => {
        const units = await freshUnits();
        const other = await createUnit(t, { level: 'LOCAL', parentId: units.province });
        return { input: { id: units.local, parentId: other }, code: 'BAD_USER_INPUT' };
      },
    },
    dissolveOrgUnit: {
      entity: 'OrgUnit',
      valid: async () => {
        const { local } = await freshUnits();
        await personWithMandate(t, local);
        return { input: { id: local, dissolvedOn: '2024-01-01' } };
      },
      // Units below it are still active.
      failing: async () => ({
        input: { id: (await freshUnits()).province, dissolvedOn: '2024-01-01' },
        code: 'CONFLICT',
      }),
    },
    createPerson: {
      entity: 'Person',
      valid: async () => ({ input: { fullNameLatin: `Person ${unique()}`, homeUnitId: UNIT.province } }),
      failing: async () => ({
        input: { fullNameLatin: `Person ${unique()}`, homeUnitId: absent() },
        code: 'NOT_FOUND',
      }),
    },
    updatePerson: {
      entity: 'Person',
      valid: async () => ({ input: { id: await tangierPerson(), fullNameAr: 'اسم جديد' } }),
      failing: async () => ({
        input: { ...(await stale('person', await tangierPerson())), fullNameAr: 'اسم' },
        code: 'CONFLICT',
      }),
    },
    setPersonAliases: {
      entity: 'Person',
      valid: async () => ({ input: { id: await tangierPerson(), aliases: ['Ghelbzouri'] } }),
      failing: async () => ({ input: { id: await tangierPerson(), aliases: [' '] }, code: 'BAD_USER_INPUT' }),
    },
    createPosition: {
      entity: 'Position',
      valid: async () => ({ input: { unitId: (await freshUnits()).local, roleCode: 'TREASURER' } }),
      // One post per role in a unit.
      failing: async () => {
        const { local } = await freshUnits();
        await createPost(t, local, 'TREASURER');
        return { input: { unitId: local, roleCode: 'TREASURER' }, code: 'CONFLICT' };
      },
    },
    updatePosition: {
      entity: 'Position',
      valid: async () => ({ input: { id: await freshPost(), titleFr: 'Secrétaire' } }),
      failing: async () => ({
        input: { ...(await stale('position', await freshPost())), titleFr: 'Secrétaire' },
        code: 'CONFLICT',
      }),
    },
    appoint: {
      entity: 'Mandate',
      valid: async () => ({
        input: { positionId: await freshPost(), personId: await createPerson(t), startsOn: '2021-01-01' },
      }),
      // A one-seat post already held.
      failing: async () => ({
        input: {
          positionId: (await personWithMandate(t, (await freshUnits()).local)).positionId,
          personId: await createPerson(t),
          startsOn: '2021-01-01',
        },
        code: 'CONFLICT',
      }),
    },
    endMandate: {
      entity: 'Mandate',
      valid: async () => ({ input: { id: await freshMandate(), endsOn: '2023-12-31' } }),
      // Before it started.
      failing: async () => ({
        input: { id: await freshMandate(), endsOn: '2019-12-31' },
        code: 'BAD_USER_INPUT',
      }),
    },
    updateMandate: {
      entity: 'Mandate',
      valid: async () => ({ input: { id: await freshMandate(), source: 'Procès-verbal' } }),
      failing: async () => ({ input: { id: absent(), source: 'Procès-verbal' }, code: 'NOT_FOUND' }),
    },
    confirmMandate: {
      entity: 'Mandate',
      valid: async () => ({ input: { id: await freshMandate(), source: 'Procès-verbal du bureau' } }),
      // A day before the term starts.
      failing: async () => ({
        input: { id: await freshMandate(), confirmedOn: '2019-06-01', source: 'Procès-verbal du bureau' },
        code: 'BAD_USER_INPUT',
      }),
    },
    declareVacancy: {
      entity: 'Position',
      valid: async () => ({
        input: { positionId: await freshPost(), vacantFrom: '2021-01-01', source: 'Démission' },
      }),
      // The seat is held on those days.
      failing: async () => ({
        input: {
          positionId: (await personWithMandate(t, (await freshUnits()).local)).positionId,
          vacantFrom: '2021-06-01',
          source: 'Démission',
        },
        code: 'CONFLICT',
      }),
    },
    recordMeeting: {
      entity: 'Meeting',
      valid: async () => ({
        input: {
          ...(await meetingInput()),
          participants: [{ personId: await createPerson(t), role: 'CONVENER' }],
          agenda: [{ titleFr: 'Situation organisationnelle' }],
        },
      }),
      // Its participant does not exist: the meeting written before is rolled back with it.
      failing: async () => ({
        input: { ...(await meetingInput()), participants: [{ personId: absent(), role: 'ATTENDEE' }] },
        code: 'NOT_FOUND',
      }),
    },
    updateMeeting: {
      entity: 'Meeting',
      valid: async () => {
        const id = await recordMeeting(t, (await freshUnits()).province);
        return { input: { id, place: 'Tanger', expectedVersion: await version('meeting', id) } };
      },
      failing: async () => ({
        input: {
          ...(await stale('meeting', await recordMeeting(t, (await freshUnits()).province))),
          place: 'Tanger',
        },
        code: 'CONFLICT',
      }),
    },
    cancelMeeting: {
      entity: 'Meeting',
      valid: async () => ({ input: { id: await plannedMeeting() } }),
      // A meeting of another province, for its secretary: as if it did not exist.
      failing: async () => ({ input: { id: await plannedMeeting() }, as: limouri, code: 'NOT_FOUND' }),
    },
    setAttendance: {
      entity: 'Meeting',
      valid: async () => {
        const { meetingId, personId } = await meetingWithAttendee();
        return { input: { meetingId, entries: [{ personId, attendance: 'ATTENDED' }] } };
      },
      // Someone who is not a participant.
      failing: async () => ({
        input: {
          meetingId: (await meetingWithAttendee()).meetingId,
          entries: [{ personId: await createPerson(t), attendance: 'ATTENDED' }],
        },
        code: 'NOT_FOUND',
      }),
    },
    addParticipants: {
      entity: 'Meeting',
      valid: async () => ({
        input: {
          meetingId: (await meetingWithAttendee()).meetingId,
          participants: [{ personId: await createPerson(t), role: 'GUEST' }],
        },
      }),
      // Someone already there.
      failing: async () => {
        const { meetingId, personId } = await meetingWithAttendee();
        return { input: { meetingId, participants: [{ personId, role: 'GUEST' }] }, code: 'CONFLICT' };
      },
    },
    addInterventions: {
      entity: 'Meeting',
      valid: async () => {
        const { meetingId, personId } = await meetingWithAttendee();
        return {
          input: {
            meetingId,
            interventions: [{ kind: 'PRAISE', textFr: 'Bonne initiative', speakers: [personId] }],
          },
        };
      },
      // Someone who is not at the meeting.
      failing: async () => ({
        input: {
          meetingId: (await meetingWithAttendee()).meetingId,
          interventions: [{ kind: 'PRAISE', textFr: 'Bonne initiative', speakers: [await createPerson(t)] }],
        },
        code: 'BAD_USER_INPUT',
      }),
    },
    linkMeetingContext: {
      entity: 'Meeting',
      valid: async () => ({
        input: {
          meetingId: (await meetingWithAttendee()).meetingId,
          eventId: seedId(701),
          relation: 'IMPLEMENTS_STRATEGY_OF',
        },
      }),
      // An event that does not exist.
      failing: async () => ({
        input: {
          meetingId: (await meetingWithAttendee()).meetingId,
          eventId: absent(),
          relation: 'FOLLOWS_UP',
        },
        code: 'NOT_FOUND',
      }),
    },
    createContextEvent: {
      entity: 'ContextEvent',
      valid: async () => ({
        input: {
          kind: 'CONGRESS',
          titleFr: `Congrès provincial ${unique()}`,
          startsOn: '2020-02-07',
          endsOn: '2020-02-09',
          unitId: (await freshUnits()).province,
        },
      }),
      failing: async () => ({
        input: { kind: 'CONGRESS', titleFr: 'Congrès', startsOn: '2020-02-09', endsOn: '2020-02-07' },
        code: 'BAD_USER_INPUT',
      }),
    },
    recordElectedMandate: {
      entity: 'ElectedMandate',
      valid: async () => ({
        input: {
          personId: await createPerson(t, { homeUnitId: (await freshUnits()).local }),
          body: 'COMMUNE_COUNCIL',
          territory: '01.511.01.0',
          attestedOn: '2021-09-20',
        },
      }),
      // A commune council does not sit for a prefecture.
      failing: async () => ({
        input: {
          personId: await createPerson(t),
          body: 'COMMUNE_COUNCIL',
          territory: 'MA-TNG',
          startsOn: '2021-09-08',
        },
        code: 'BAD_USER_INPUT',
      }),
    },
    removeParticipant: {
      entity: 'Meeting',
      valid: async () => ({ input: { participationId: (await meetingWithAttendee()).participationId } }),
      failing: async () => ({ input: { participationId: absent() }, code: 'NOT_FOUND' }),
    },
    addOutcome: {
      entity: 'Outcome',
      valid: async () => ({
        input: { meetingId: (await meetingWithAttendee()).meetingId, kind: 'COMMITMENT', textFr: 'Préparer' },
      }),
      failing: async () => ({
        input: { meetingId: absent(), kind: 'COMMITMENT', textFr: 'Préparer' },
        code: 'NOT_FOUND',
      }),
    },
    setOutcomeStatus: {
      entity: 'Outcome',
      valid: async () => ({ input: { id: await freshOutcome(), status: 'DONE', closedOn: '2021-06-01' } }),
      failing: async () => ({
        input: { ...(await stale('outcome', await freshOutcome())), status: 'DONE', closedOn: '2021-06-01' },
        code: 'CONFLICT',
      }),
    },
    createMeetingSeries: {
      entity: 'MeetingSeries',
      valid: async () => {
        const { province, local } = await freshUnits();
        return {
          input: {
            organizingUnitId: province,
            titleFr: `Tournée ${unique()}`,
            targets: { unitIds: [local] },
          },
        };
      },
      failing: async () => ({
        input: { organizingUnitId: absent(), titleFr: `Tournée ${unique()}` },
        code: 'NOT_FOUND',
      }),
    },
    updateMeetingSeries: {
      entity: 'MeetingSeries',
      valid: async () => ({ input: { id: await freshSeries(), titleFr: 'Tournée des communes' } }),
      failing: async () => ({
        input: { ...(await stale('meeting_series', await freshSeries())), titleFr: 'Tournée' },
        code: 'CONFLICT',
      }),
    },
    createAccount: {
      entity: 'Account',
      valid: async () => ({
        input: { email: `wp-${unique()}@test.local`, password: PASSWORD, personId: await tangierPerson() },
      }),
      failing: async () => ({ input: { email: TEST_ADMIN.email, password: PASSWORD }, code: 'CONFLICT' }),
    },
    disableAccount: {
      entity: 'Account',
      valid: async () => ({ input: { id: await freshAccount() } }),
      // Not one's own.
      failing: async () => ({ input: { id: admin.accountId }, code: 'FORBIDDEN' }),
    },
    enableAccount: {
      entity: 'Account',
      valid: async () => {
        const id = await freshAccount();
        await t.ok(`mutation($id: ID!) { disableAccount(input: { id: $id }) { id } }`, { id });
        return { input: { id } };
      },
      failing: async () => ({ input: { id: absent() }, code: 'NOT_FOUND' }),
    },
    deleteAccount: {
      entity: 'Account',
      valid: async () => ({ input: { id: await freshAccount() } }),
      failing: async () => ({ input: { id: admin.accountId }, code: 'FORBIDDEN' }),
    },
    endSessions: {
      entity: 'Account',
      valid: async () => ({ input: { accountId: (await signedInPerson()).caller.accountId } }),
      failing: async () => ({ input: { accountId: absent() }, code: 'NOT_FOUND' }),
    },
    unlockAccount: {
      entity: 'Account',
      valid: async () => ({ input: { id: await freshAccount() } }),
      failing: async () => ({ input: { id: absent() }, code: 'NOT_FOUND' }),
    },
    confirmAccount: {
      entity: 'Account',
      valid: async () => ({ input: { id: await freshAccount() } }),
      // An account linked to no person has no grants from posts to confirm.
      failing: async () => ({
        input: { id: (await createAccount(t, { password: PASSWORD })).id },
        code: 'BAD_USER_INPUT',
      }),
    },
    grantAccess: {
      entity: 'AccessBinding',
      valid: async () => ({
        input: { accountId: await freshAccount(), unitId: UNIT.province, level: 'VIEWER' },
      }),
      // Nobody grants access to themselves.
      failing: async () => ({
        input: { accountId: admin.accountId, unitId: UNIT.province, level: 'VIEWER' },
        code: 'FORBIDDEN',
      }),
    },
    confirmAccess: {
      entity: 'AccessBinding',
      // Granted by the provincial secretary on the strength of his mandate, confirmed above.
      valid: async () => ({
        input: { id: await grantAccess(t.as(limouri.token), await freshAccount(), UNIT.province) },
      }),
      // Granted by a national administrator, it depends on no mandate.
      failing: async () => ({
        input: { id: await grantAccess(t, await freshAccount(), UNIT.province) },
        code: 'CONFLICT',
      }),
    },
    revokeAccess: {
      entity: 'AccessBinding',
      valid: async () => ({ input: { id: await grantAccess(t, await freshAccount(), UNIT.province) } }),
      failing: async () => {
        const id = await grantAccess(t, await freshAccount(), UNIT.province);
        await t.ok(`mutation($id: ID!) { revokeAccess(input: { id: $id }) { id } }`, { id });
        return { input: { id }, code: 'CONFLICT' };
      },
    },
    createApiToken: {
      entity: 'ApiToken',
      valid: async () => ({
        input: { name: 'Tableau de bord', unitId: UNIT.province, readOnly: true, expiresOn: inThirtyDays() },
      }),
      failing: async () => ({
        input: { name: 'Tableau de bord', unitId: UNIT.province, readOnly: true, expiresOn: '2020-01-01' },
        code: 'BAD_USER_INPUT',
      }),
    },
    revokeApiToken: {
      entity: 'ApiToken',
      valid: async () => ({ input: { id: (await createApiToken(t, UNIT.province)).id } }),
      failing: async () => {
        const { id } = await createApiToken(t, UNIT.province);
        await t.ok(`mutation($id: ID!) { revokeApiToken(input: { id: $id }) { id } }`, { id });
        return { input: { id }, code: 'CONFLICT' };
      },
    },
    login: {
      entity: 'Account',
      valid: async () => ({ input: { email: await freshEmail(), password: PASSWORD }, as: ANONYMOUS }),
      failing: async () => ({
        input: { email: await freshEmail(), password: 'not-the-password' },
        as: ANONYMOUS,
        code: 'UNAUTHENTICATED',
      }),
    },
    refreshSession: {
      entity: 'Account',
      valid: async () => ({ input: { refreshToken: (await signedInPerson()).refreshToken }, as: ANONYMOUS }),
      // (A refresh token traded twice is refused too, but after ending its family: that is a change,
      // audited as refreshSession:reuse; see test/security/refresh-reuse.e2e-spec.ts.)
      failing: async () => ({
        input: { refreshToken: 'not-a-refresh-token' },
        as: ANONYMOUS,
        code: 'UNAUTHENTICATED',
      }),
    },
    logout: {
      entity: 'Account',
      valid: async () => ({ as: (await signedInPerson()).caller }),
      failing: async () => ({ as: ANONYMOUS, code: 'UNAUTHENTICATED' }),
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
      const { result, requestId } = await send(name, call);
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
      const { result } = await send(name, call);
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
