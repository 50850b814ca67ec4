import { Injectable } from '@nestjs/common';
import { loader, RequestContext } from '../../common/context';
import { Meeting } from '../../meetings/meeting.entity';
import { participantsByMeeting, unitsByMeeting } from '../../meetings/meeting.loaders';
import { MeetingsService } from '../../meetings/meetings.service';
import { OrgUnit } from '../../org-units/org-unit.entity';
import { OrgUnitStatus } from '../../org-units/org-unit.model';
import { OrgUnitsService } from '../../org-units/org-units.service';
import { PeopleService } from '../../people/people.service';
import { Person } from '../../people/person.entity';
import { personById } from '../../people/person.loaders';
import { MandatesService } from '../../positions/mandates.service';
import { positionsByUnit } from '../../positions/position.loaders';
import { Territory } from '../../territories/territory.entity';
import { territoryById } from '../../territories/territory.loaders';
import { EXPORT_PAGE } from '../export/export.service';
import { Page } from '../../common/pagination';
import {
  PopoloArea,
  PopoloDocument,
  PopoloEvent,
  PopoloMembership,
  PopoloOrganization,
  PopoloPerson,
  PopoloPost,
  SCHEME,
} from './popolo.types';

/** Every row of a list, read a page at a time through a feature's own list query (its scope rules). */
async function all<T>(
  ctx: RequestContext,
  read: (page: Page, ctx: RequestContext) => Promise<[T[], number | null]>,
): Promise<T[]> {
  const out: T[] = [];
  for (let after: string | null = null; ;) {
    // Not counted: each page reads one row past its end instead, which tells whether another follows.
    const page: Page = { limit: EXPORT_PAGE, after, count: false };
    const [rows] = await read(page, ctx);
    out.push(...rows.slice(0, EXPORT_PAGE));
    if (rows.length <= EXPORT_PAGE) return out;
    after = page.cursors![EXPORT_PAGE - 1];
  }
}

/** An instant as Popolo writes it: seconds, no fraction, in UTC. */
const instant = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * A subtree of the registry as one Popolo document (popoloproject.com): its units as organizations
 * (classification = level), their territories as areas, their posts, the people who belong to them,
 * hold a post there or took part in their meetings, the mandates as memberships (and a person's home
 * unit as a membership with role `member`), and the meetings the subtree convened as events. What
 * Popolo has no field for travels in extra properties (Popolo's schemas allow them), so that an
 * import gives back the same registry. Everything is read through the features' services: the
 * caller's scope applies as on the GraphQL lists.
 */
@Injectable()
export class PopoloService {
  constructor(
    private readonly units: OrgUnitsService,
    private readonly people: PeopleService,
    private readonly mandates: MandatesService,
    private readonly meetings: MeetingsService,
  ) {}

  async document(ctx: RequestContext, code: string): Promise<PopoloDocument> {
    const root = await this.units.get(ctx, { code });
    const under = root.id;
    const existing = await all(ctx, (page, c) => this.units.list(c, { under }, ctx.today, page));
    const dissolved = await all(ctx, (page, c) =>
      this.units.list(c, { under, status: OrgUnitStatus.DISSOLVED }, ctx.today, page),
    );
    const units = [...existing, ...dissolved];
    const unitIds = new Set(units.map((u) => u.id));

    const meetings = (
      await all(ctx, (page, c) => this.meetings.list(c, { unit: under, includeDescendants: true }, page))
    ).filter((m) => unitIds.has(m.conveningUnitId));
    const participants = await loader(ctx, participantsByMeeting, { person: 'all' }).loadMany(
      meetings.map((m) => m.id),
    );
    const meetingUnits = await loader(ctx, unitsByMeeting).loadMany(meetings.map((m) => m.id));

    const members = await all(ctx, (page, c) => this.people.list(c, { unit: under }, page));
    const peopleById = new Map(members.map((p) => [p.id, p]));
    const attendeeIds = participants.flatMap((list) =>
      Array.isArray(list) ? list.flatMap((p) => (p.personId ? [p.personId] : [])) : [],
    );
    for (const person of await loader(ctx, personById).loadMany(
      attendeeIds.filter((id) => !peopleById.has(id)),
    )) {
      if (person && !(person instanceof Error)) peopleById.set(person.id, person);
    }

    const posts = (await loader(ctx, positionsByUnit).loadMany(units.map((u) => u.id))).flatMap((list) =>
      Array.isArray(list) ? list : [],
    );
    const mandates = await all(ctx, (page, c) => this.mandates.list(c, { under }, page));

    const territoryIds = [
      ...new Set([...units, ...meetings].flatMap((row) => (row.territoryId ? [row.territoryId] : []))),
    ];
    const territories = (await loader(ctx, territoryById).loadMany(territoryIds)).filter(
      (t): t is Territory => !!t && !(t instanceof Error),
    );

    return {
      organizations: units.map((u) => organization(u, unitIds)),
      areas: territories.map(area),
      posts: posts.map((p): PopoloPost => ({
        id: p.id,
        label: p.titleAr,
        other_label: [p.titleFr],
        role: p.roleCode,
        organization_id: p.orgUnitId,
        seats: p.seats,
      })),
      persons: [...peopleById.values()].map(person),
      memberships: [
        ...mandates.map((m): PopoloMembership => ({
          id: m.id,
          person_id: m.personId,
          post_id: m.positionId,
          organization_id: posts.find((p) => p.id === m.positionId)?.orgUnitId ?? null,
          role: posts.find((p) => p.id === m.positionId)?.roleCode ?? null,
          start_date: m.startsOn,
          end_date: m.endsOn,
          attested_on: m.attestedOn,
          seat: m.seat,
          status: m.status,
          end_reason: m.endReason,
          source: m.source,
        })),
        ...[...peopleById.values()]
          .filter((p) => p.homeUnitId && unitIds.has(p.homeUnitId))
          .map((p): PopoloMembership => ({
            id: `home:${p.id}`,
            person_id: p.id,
            organization_id: p.homeUnitId,
            role: 'member',
          })),
      ],
      events: meetings.map((m, i) => {
        const list = participants[i];
        const taking = meetingUnits[i];
        return event(
          m,
          Array.isArray(list) ? list : [],
          // A unit outside the subtree is not in the document: it is left out.
          Array.isArray(taking) ? taking.filter((u) => unitIds.has(u.orgUnitId)) : [],
          peopleById,
        );
      }),
    };
  }
}

function organization(u: OrgUnit, unitIds: Set<string>): PopoloOrganization {
  return {
    id: u.id,
    name: u.nameAr,
    other_names: [
      { name: u.nameAr, note: 'ar' },
      { name: u.nameFr, note: 'fr' },
    ],
    identifiers: [{ scheme: SCHEME.unitCode, identifier: u.code }],
    classification: u.level,
    // The unit above the exported subtree is not part of it.
    parent_id: u.parentId && unitIds.has(u.parentId) ? u.parentId : null,
    area_id: u.territoryId,
    founding_date: u.foundedOn,
    dissolution_date: u.dissolvedOn,
  };
}

function area(t: Territory): PopoloArea {
  return {
    id: t.id,
    name: t.nameAr,
    identifier: t.code,
    classification: t.kind,
    identifiers: [
      ...(t.isoCode ? [{ scheme: SCHEME.iso, identifier: t.isoCode }] : []),
      ...(t.hcpCode ? [{ scheme: SCHEME.hcp, identifier: t.hcpCode }] : []),
    ],
    other_names: [
      { name: t.nameAr, note: 'ar' },
      { name: t.nameFr, note: 'fr' },
    ],
  };
}

function person(p: Person): PopoloPerson {
  return {
    id: p.id,
    name: p.fullNameAr ?? p.fullNameLatin,
    other_names: [
      ...(p.fullNameAr ? [{ name: p.fullNameAr, note: 'ar' }] : []),
      ...(p.fullNameLatin ? [{ name: p.fullNameLatin, note: 'latin' }] : []),
    ],
    gender: p.gender?.toLowerCase() ?? null,
    identifiers: p.membershipNumber ? [{ scheme: SCHEME.membership, identifier: p.membershipNumber }] : [],
  };
}

function event(
  m: Meeting,
  participants: {
    personId: string | null;
    guestName: string | null;
    role: string;
    representedUnitId: string | null;
    invited: boolean;
    attendance: string | null;
  }[],
  units: { orgUnitId: string; role: string }[],
  people: Map<string, Person>,
): PopoloEvent {
  return {
    id: m.id,
    name: m.titleAr ?? m.titleFr,
    description: m.summaryAr ?? m.summaryFr,
    // The hour when it is known, else the day alone: never an invented hour.
    start_date: m.startsAt ? instant(m.startsAt) : m.heldOn,
    end_date: m.endsAt ? instant(m.endsAt) : null,
    location: m.place,
    status: m.status.toLowerCase(),
    classification: m.kind,
    organization_id: m.conveningUnitId,
    attendees: participants.flatMap((p) => {
      const who = p.personId ? people.get(p.personId) : undefined;
      return who ? [{ id: who.id, name: who.fullNameAr ?? who.fullNameLatin }] : [];
    }),
    held_on: m.heldOn,
    part_of_day: m.partOfDay,
    title_ar: m.titleAr,
    title_fr: m.titleFr,
    summary_ar: m.summaryAr,
    summary_fr: m.summaryFr,
    area_id: m.territoryId,
    units: units.map((u) => ({ organization_id: u.orgUnitId, role: u.role })),
    participants: participants.map((p) => ({
      person_id: p.personId,
      guest_name: p.guestName,
      role: p.role,
      represented_organization_id: p.representedUnitId,
      invited: p.invited,
      attendance: p.attendance,
    })),
  };
}
