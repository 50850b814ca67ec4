import { Injectable } from '@nestjs/common';
import { audited } from '../../audit/audited';
import { RequestContext } from '../../common/context';
import { isCalendarDate } from '../../common/dates';
import { BadInputError, DomainError } from '../../common/errors';
import { checkTexts } from '../../common/validation';
import {
  ATTENDANCES,
  MEETING_KINDS,
  MEETING_STATUSES,
  MeetingKind,
  MeetingStatus,
  MeetingUnitRole,
  PARTICIPANT_ROLES,
  PARTS_OF_DAY,
  PartOfDay,
  UNIT_ROLES,
} from '../../meetings/meeting.entity';
import { MeetingsService } from '../../meetings/meetings.service';
import { RecordMeetingInput } from '../../meetings/dto/meeting.inputs';
import { ORG_UNIT_LEVELS, OrgUnit, OrgUnitLevel } from '../../org-units/org-unit.entity';
import { OrgUnitsService } from '../../org-units/org-units.service';
import { Gender, GENDERS } from '../../people/person.entity';
import { PeopleService } from '../../people/people.service';
import {
  MANDATE_END_REASONS,
  MANDATE_STATUSES,
  MandateEndReason,
  MandateStatus,
} from '../../positions/mandate.entity';
import { MandatesService } from '../../positions/mandates.service';
import { PositionsService } from '../../positions/positions.service';
import { TerritoriesService } from '../../territories/territories.service';
import { PopoloDocument, PopoloName, SCHEME } from './popolo.types';

/** What an import created. */
export interface PopoloImportCounts {
  organizations: number;
  posts: number;
  persons: number;
  memberships: number;
  events: number;
}

/** At most this many objects in one document: an import is one transaction. */
export const POPOLO_IMPORT_MAX_OBJECTS = 200_000;

const byNote = (names: PopoloName[] | undefined, note: string) =>
  names?.find((n) => n?.note === note)?.name ?? null;

/** A document's array, checked to be one (absent = empty). */
function list<T>(doc: Record<string, unknown>, key: string): T[] {
  const value = doc[key];
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new BadInputError(`${key} must be an array.`, key);
  value.forEach((item, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw new BadInputError(`${key}[${i}] must be an object.`, key);
    }
  });
  return value as T[];
}

function need<T>(value: T | null | undefined, path: string): T {
  if (value === null || value === undefined || value === '') {
    throw new BadInputError(`${path} is missing.`, path);
  }
  return value;
}

/** A value of a closed list (a level, a kind, a role), or BAD_USER_INPUT naming where. */
function oneOf<T extends string>(value: unknown, allowed: readonly T[], path: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new BadInputError(`${path} must be one of ${allowed.join(', ')}.`, path);
  }
  return value as T;
}

/** An optional calendar date (YYYY-MM-DD). */
function day(value: unknown, path: string): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'string' || !isCalendarDate(value)) {
    throw new BadInputError(`${path} must be a date (YYYY-MM-DD).`, path);
  }
  return value;
}

/** An optional instant (a Popolo date-time); undefined for a day alone. */
function instantOf(value: unknown, path: string): Date | undefined {
  if (typeof value !== 'string' || !value.includes('T')) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new BadInputError(`${path} is not a date and time.`, path);
  return date;
}

/**
 * Imports a Popolo document (as `GET /export/popolo/<code>` writes it) into the registry: its
 * organizations under their parents (a root must be national), their posts, the people, their
 * mandates (memberships with a post) and home units (role `member`), and the meetings with their
 * participants; units with a dissolution date are dissolved last. Every row goes through its
 * feature's service, so every rule a GraphQL mutation obeys holds here too, all in one transaction
 * with one audit event: the whole document or nothing.
 * Areas are matched to the registry's territories by code; new ids are given to everything.
 */
@Injectable()
export class PopoloImportService {
  constructor(
    private readonly units: OrgUnitsService,
    private readonly people: PeopleService,
    private readonly positions: PositionsService,
    private readonly mandates: MandatesService,
    private readonly meetings: MeetingsService,
    private readonly territories: TerritoriesService,
  ) {}

  async import(ctx: RequestContext, body: unknown): Promise<PopoloImportCounts> {
    const doc = body as Record<string, unknown>;
    const parts = {
      organizations: list<PopoloDocument['organizations'][number]>(doc, 'organizations'),
      areas: list<PopoloDocument['areas'][number]>(doc, 'areas'),
      posts: list<PopoloDocument['posts'][number]>(doc, 'posts'),
      persons: list<PopoloDocument['persons'][number]>(doc, 'persons'),
      memberships: list<PopoloDocument['memberships'][number]>(doc, 'memberships'),
      events: list<PopoloDocument['events'][number]>(doc, 'events'),
    };
    const size = Object.values(parts).reduce((sum, items) => sum + items.length, 0);
    if (size > POPOLO_IMPORT_MAX_OBJECTS) {
      throw new BadInputError(`A document may hold at most ${POPOLO_IMPORT_MAX_OBJECTS} objects.`);
    }
    if (!parts.organizations.length) throw new BadInputError('The document has no organizations.');
    // The text policy of every input: free text everywhere, names stricter.
    checkTexts(parts, '', 'text');
    parts.organizations.forEach((o, i) => checkTexts(o.other_names, `organizations[${i}].other_names`));
    parts.persons.forEach((p, i) => checkTexts(p.other_names, `persons[${i}].other_names`));

    const { id: _rootId, ...counts } = await audited(ctx, 'importPopolo', OrgUnit, undefined, async (tx) => {
      const { rootId, counts } = await this.write(tx, parts);
      // The event is filed under the imported root, and shows it as it now is.
      return { id: rootId, ...counts };
    });
    return counts;
  }

  private async write(
    tx: RequestContext,
    doc: PopoloDocument,
  ): Promise<{ rootId: string; counts: PopoloImportCounts }> {
    // Areas: the registry's territories, by code.
    const territoryOf = new Map<string, string>();
    for (const [i, a] of doc.areas.entries()) {
      const code = need(a.identifier, `areas[${i}].identifier`);
      const territory = await this.territories.get(tx, { code });
      territoryOf.set(a.id, territory.id);
    }
    const territory = (areaId: string | null | undefined, path: string) => {
      if (!areaId) return undefined;
      const id = territoryOf.get(areaId);
      if (!id) throw new BadInputError(`${path}: area ${areaId} is not in the document.`, path);
      return id;
    };

    // Organizations, parents first; a cycle or a missing parent is refused.
    const unitOf = new Map<string, string>();
    const pending = doc.organizations.map((o, i) => ({ o, i }));
    let rootId: string | undefined;
    while (pending.length) {
      const ready = pending.filter(({ o }) => !o.parent_id || unitOf.has(o.parent_id));
      if (!ready.length) {
        const { i } = pending[0];
        throw new BadInputError(
          `organizations[${i}]: its parent is not in the document, or the parents form a cycle.`,
          'organizations',
        );
      }
      for (const { o, i } of ready) {
        pending.splice(pending.indexOf(pending.find((p) => p.i === i)!), 1);
        const path = `organizations[${i}]`;
        const code = need(
          o.identifiers?.find((id) => id?.scheme === SCHEME.unitCode)?.identifier,
          `${path}.identifiers (${SCHEME.unitCode})`,
        );
        const unit = await this.units.create(tx, {
          code,
          level: oneOf<OrgUnitLevel>(o.classification, ORG_UNIT_LEVELS, `${path}.classification`),
          parentId: o.parent_id ? unitOf.get(o.parent_id) : undefined,
          nameAr: need(byNote(o.other_names, 'ar') ?? o.name, `${path}.name`),
          nameFr: need(byNote(o.other_names, 'fr'), `${path}.other_names (fr)`),
          territoryId: territory(o.area_id, `${path}.area_id`),
          foundedOn: day(o.founding_date, `${path}.founding_date`),
        });
        unitOf.set(o.id, unit.id);
        if (!o.parent_id) rootId ??= unit.id;
      }
    }
    const unit = (id: string | null | undefined, path: string) => {
      const found = id ? unitOf.get(id) : undefined;
      if (!found) throw new BadInputError(`${path}: organization ${id} is not in the document.`, path);
      return found;
    };

    const postOf = new Map<string, string>();
    for (const [i, p] of doc.posts.entries()) {
      const path = `posts[${i}]`;
      const post = await this.positions.create(tx, {
        unitId: unit(p.organization_id, `${path}.organization_id`),
        roleCode: need(p.role, `${path}.role`),
        seats: typeof p.seats === 'number' ? p.seats : undefined,
        titleAr: p.label ?? undefined,
        titleFr: p.other_label?.[0] ?? undefined,
      });
      postOf.set(p.id, post.id);
    }

    const homes = new Map(
      doc.memberships.filter((m) => m.role === 'member' && !m.post_id).map((m) => [m.person_id, m]),
    );
    const personOf = new Map<string, string>();
    for (const [i, p] of doc.persons.entries()) {
      const path = `persons[${i}]`;
      const home = homes.get(p.id);
      const person = await this.people.create(tx, {
        fullNameAr: byNote(p.other_names, 'ar') ?? undefined,
        fullNameLatin: byNote(p.other_names, 'latin') ?? undefined,
        gender: p.gender ? oneOf<Gender>(p.gender.toUpperCase(), GENDERS, `${path}.gender`) : undefined,
        membershipNumber:
          p.identifiers?.find((id) => id?.scheme === SCHEME.membership)?.identifier ?? undefined,
        homeUnitId: home ? unit(home.organization_id, `${path} (home unit)`) : undefined,
      });
      personOf.set(p.id, person.id);
    }
    const person = (id: string | null | undefined, path: string) => {
      const found = id ? personOf.get(id) : undefined;
      if (!found) throw new BadInputError(`${path}: person ${id} is not in the document.`, path);
      return found;
    };

    let memberships = 0;
    // Earliest first, so that a successor's term follows the one before on a one-seat post.
    const held = doc.memberships
      .map((m, i) => ({ m, i }))
      .filter(({ m }) => m.post_id)
      .sort((a, b) =>
        String(a.m.start_date ?? a.m.attested_on ?? '').localeCompare(
          String(b.m.start_date ?? b.m.attested_on ?? ''),
        ),
      );
    for (const { m, i } of held) {
      const path = `memberships[${i}]`;
      const positionId = postOf.get(m.post_id!);
      if (!positionId) throw new BadInputError(`${path}: post ${m.post_id} is not in the document.`, path);
      const mandate = await this.mandates.appoint(tx, {
        positionId,
        personId: person(m.person_id, `${path}.person_id`),
        startsOn: day(m.start_date, `${path}.start_date`),
        attestedOn: day(m.attested_on, `${path}.attested_on`),
        endsOn: day(m.end_date, `${path}.end_date`),
        status: m.status ? oneOf<MandateStatus>(m.status, MANDATE_STATUSES, `${path}.status`) : undefined,
        source: m.source ?? undefined,
      });
      if (m.end_reason) {
        await this.mandates.update(tx, {
          id: mandate.id,
          endReason: oneOf<MandateEndReason>(m.end_reason, MANDATE_END_REASONS, `${path}.end_reason`),
        });
      }
      memberships++;
    }

    for (const [i, e] of doc.events.entries()) {
      const path = `events[${i}]`;
      const input: RecordMeetingInput = {
        kind: oneOf<MeetingKind>(e.classification, MEETING_KINDS, `${path}.classification`),
        status: e.status
          ? oneOf<MeetingStatus>(e.status.toUpperCase(), MEETING_STATUSES, `${path}.status`)
          : undefined,
        date: need(
          day(
            e.held_on ?? (typeof e.start_date === 'string' ? e.start_date.slice(0, 10) : null),
            `${path}.held_on`,
          ),
          `${path}.start_date`,
        ),
        startsAt: instantOf(e.start_date, `${path}.start_date`),
        endsAt: instantOf(e.end_date, `${path}.end_date`),
        partOfDay: e.part_of_day
          ? oneOf<PartOfDay>(e.part_of_day, PARTS_OF_DAY, `${path}.part_of_day`)
          : undefined,
        titleAr: e.title_ar ?? (e.title_fr ? undefined : (e.name ?? undefined)),
        titleFr: e.title_fr ?? undefined,
        summaryAr: e.summary_ar ?? undefined,
        summaryFr: e.summary_fr ?? undefined,
        place: e.location ?? undefined,
        territoryId: territory(e.area_id, `${path}.area_id`),
        convenerUnitId: unit(e.organization_id, `${path}.organization_id`),
        units: (e.units ?? []).map((u, j) => ({
          unitId: unit(u.organization_id, `${path}.units[${j}]`),
          role: oneOf<MeetingUnitRole>(u.role, UNIT_ROLES, `${path}.units[${j}].role`),
        })),
        participants: (e.participants ?? []).map((p, j) => ({
          personId: p.person_id ? person(p.person_id, `${path}.participants[${j}]`) : undefined,
          guestName: p.guest_name ?? undefined,
          role: oneOf(p.role, PARTICIPANT_ROLES, `${path}.participants[${j}].role`),
          representedUnitId: p.represented_organization_id
            ? unit(p.represented_organization_id, `${path}.participants[${j}]`)
            : undefined,
          invited: p.invited === true,
          attendance: p.attendance
            ? oneOf(p.attendance, ATTENDANCES, `${path}.participants[${j}].attendance`)
            : undefined,
        })),
      } as RecordMeetingInput;
      await this.meetings.record(tx, input);
    }

    // Dissolved units last, the deepest first: a unit with running sub-units cannot be dissolved.
    const depth = (id: string | null): number => {
      const parent = doc.organizations.find((o) => o.id === id)?.parent_id ?? null;
      return parent ? 1 + depth(parent) : 0;
    };
    const dissolved = doc.organizations
      .map((o, i) => ({ o, i, depth: depth(o.id) }))
      .filter(({ o }) => o.dissolution_date)
      .sort((a, b) => b.depth - a.depth);
    for (const { o, i } of dissolved) {
      const dissolvedOn = day(o.dissolution_date, `organizations[${i}].dissolution_date`)!;
      await this.units.dissolve(tx, { id: unitOf.get(o.id)!, dissolvedOn }, (held) =>
        this.mandates.endForDissolvedUnit(tx, held, dissolvedOn),
      );
    }

    if (!rootId) throw new DomainError('BAD_USER_INPUT', 'The document has no root organization.');
    return {
      rootId,
      counts: {
        organizations: doc.organizations.length,
        posts: doc.posts.length,
        persons: doc.persons.length,
        memberships,
        events: doc.events.length,
      },
    };
  }
}
