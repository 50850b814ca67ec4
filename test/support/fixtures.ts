import { GqlClient } from './test-app';

/**
 * Builders for the rows a spec needs, made through GraphQL like a client would (so they pass every
 * rule and write their audit events), each returning ids. Every builder takes the client to write as
 * and fills what the spec does not care about with valid values; codes, names and emails are unique
 * per call, so specs do not depend on what other specs (or the order they run in) created.
 */

let counter = 0;
/** A suffix no other fixture of this process has used. */
export const unique = (): string => `${process.pid}-${++counter}`;

export interface UnitInput {
  level: 'NATIONAL' | 'REGIONAL' | 'PROVINCIAL' | 'LOCAL';
  /** Required except for a national unit. */
  parentId?: string;
  code?: string;
  nameAr?: string;
  nameFr?: string;
  territoryId?: string;
  foundedOn?: string;
}

/** A unit; its code defaults to a unique one. */
export async function createUnit(client: GqlClient, input: UnitInput): Promise<string> {
  const data = await client.ok<{ createOrgUnit: { id: string } }>(
    `mutation($input: CreateOrgUnitInput!) { createOrgUnit(input: $input) { id } }`,
    {
      input: {
        code: `FIX-${unique()}`,
        nameAr: 'أمانة',
        nameFr: 'Secrétariat',
        ...input,
      },
    },
  );
  return data.createOrgUnit.id;
}

/** A person; the Latin name defaults to a unique one. */
export async function createPerson(client: GqlClient, input: Record<string, unknown> = {}): Promise<string> {
  const data = await client.ok<{ createPerson: { id: string } }>(
    `mutation($input: CreatePersonInput!) { createPerson(input: $input) { id } }`,
    { input: { fullNameLatin: `Person ${unique()}`, ...input } },
  );
  return data.createPerson.id;
}

/** A post of a unit, from a role of the catalogue (default: its secretary-general). */
export async function createPost(
  client: GqlClient,
  unitId: string,
  roleCode = 'SECRETARY_GENERAL',
  input: Record<string, unknown> = {},
): Promise<string> {
  const data = await client.ok<{ createPosition: { id: string } }>(
    `mutation($input: CreatePositionInput!) { createPosition(input: $input) { id } }`,
    { input: { unitId, roleCode, ...input } },
  );
  return data.createPosition.id;
}

/** A mandate: the person appointed to the post (default: from 2020-01-01, still running). */
export async function appoint(
  client: GqlClient,
  positionId: string,
  personId: string,
  input: Record<string, unknown> = {},
): Promise<string> {
  const data = await client.ok<{ appoint: { id: string } }>(
    `mutation($input: AppointInput!) { appoint(input: $input) { id } }`,
    { input: { positionId, personId, startsOn: '2020-01-01', ...input } },
  );
  return data.appoint.id;
}

export interface Official {
  personId: string;
  positionId: string;
  mandateId: string;
}

/** A new person holding a new post of the unit (default: its secretary-general since 2020-01-01). */
export async function personWithMandate(
  client: GqlClient,
  unitId: string,
  options: { roleCode?: string; person?: Record<string, unknown>; mandate?: Record<string, unknown> } = {},
): Promise<Official> {
  const positionId = await createPost(client, unitId, options.roleCode);
  const personId = await createPerson(client, { homeUnitId: unitId, ...options.person });
  const mandateId = await appoint(client, positionId, personId, options.mandate);
  return { personId, positionId, mandateId };
}

/** An account, linked to a person when given one; the email defaults to a unique one. */
export async function createAccount(
  client: GqlClient,
  input: { email?: string; password: string; personId?: string },
): Promise<{ id: string; email: string }> {
  const email = input.email ?? `fixture-${unique()}@test.local`;
  const data = await client.ok<{ createAccount: { id: string } }>(
    `mutation($input: CreateAccountInput!) { createAccount(input: $input) { id } }`,
    { input: { ...input, email } },
  );
  return { id: data.createAccount.id, email };
}

/** A meeting convened by the unit (default: an outreach meeting held on 2021-05-01). */
export async function recordMeeting(
  client: GqlClient,
  convenerUnitId: string,
  input: Record<string, unknown> = {},
): Promise<string> {
  const data = await client.ok<{ recordMeeting: { id: string } }>(
    `mutation($input: RecordMeetingInput!) { recordMeeting(input: $input) { id } }`,
    {
      input: {
        kind: 'OUTREACH',
        status: 'HELD',
        date: '2021-05-01',
        titleFr: `Rencontre ${unique()}`,
        convenerUnitId,
        ...input,
      },
    },
  );
  return data.recordMeeting.id;
}

/** Access granted to an account on a unit's subtree (default: as a viewer); returns the binding's id. */
export async function grantAccess(
  client: GqlClient,
  accountId: string,
  unitId: string,
  input: Record<string, unknown> = {},
): Promise<string> {
  const data = await client.ok<{ grantAccess: { id: string } }>(
    `mutation($input: GrantAccessInput!) { grantAccess(input: $input) { id } }`,
    { input: { accountId, unitId, level: 'VIEWER', ...input } },
  );
  return data.grantAccess.id;
}

/** A read-only API token for a unit's subtree, valid for thirty days: its id and its secret. */
export async function createApiToken(
  client: GqlClient,
  unitId: string,
): Promise<{ id: string; token: string }> {
  const expiresOn = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const data = await client.ok<{ createApiToken: { token: string; apiToken: { id: string } } }>(
    `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token apiToken { id } } }`,
    { input: { name: `Dashboard ${unique()}`, unitId, readOnly: true, expiresOn } },
  );
  return { id: data.createApiToken.apiToken.id, token: data.createApiToken.token };
}
