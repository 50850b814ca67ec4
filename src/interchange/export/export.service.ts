import { Injectable } from '@nestjs/common';
import { loader, RequestContext } from '../../common/context';
import { isCalendarDate } from '../../common/dates';
import { BadInputError } from '../../common/errors';
import { Page } from '../../common/pagination';
import { ownersByOutcome, participantsByMeeting } from '../../meetings/meeting.loaders';
import { MeetingsService } from '../../meetings/meetings.service';
import { orgUnitById } from '../../org-units/org-unit.loaders';
import { OrgUnitsService } from '../../org-units/org-units.service';
import { PeopleService } from '../../people/people.service';
import { personById } from '../../people/person.loaders';
import { MandatesService } from '../../positions/mandates.service';
import { positionById } from '../../positions/position.loaders';
import { territoryById } from '../../territories/territory.loaders';

/** The lists a caller can export, each named as in its address (`/export/<list>.csv`). */
export const EXPORT_LISTS = ['units', 'people', 'mandates', 'meetings', 'participants', 'outcomes'] as const;
export type ExportList = (typeof EXPORT_LISTS)[number];

/** What an export is limited to, beyond the caller's scope: a unit's subtree, a date. */
export interface ExportFilter {
  /** A unit code: only its subtree (NOT_FOUND when the caller cannot see it). */
  unit?: string;
  /** Units existing on this day (default today), as `orgUnits(asOf)`. */
  asOf?: string;
  /** Meetings and participants: meetings held on or after this day. */
  from?: string;
  /** … and on or before this day. */
  to?: string;
}

export type Cell = string | number | boolean | null;

/** An export: its column headers and its rows, read a page at a time. */
export interface ExportTable {
  columns: string[];
  rows: AsyncIterable<Cell[]>;
}

/**
 * Rows read per page. Each page is read through the features' own list queries (so the caller's
 * scope applies exactly as on the GraphQL lists) with fresh loaders, so memory stays bounded
 * whatever the size of the list.
 */
export const EXPORT_PAGE = 500;

/**
 * The lists of the registry as tables, read through the features' services: units, people (names
 * only: contact data is not exported), mandates, meetings, their participants, and outcomes.
 */
@Injectable()
export class ExportService {
  constructor(
    private readonly units: OrgUnitsService,
    private readonly people: PeopleService,
    private readonly mandates: MandatesService,
    private readonly meetings: MeetingsService,
  ) {}

  /** The table of `list`, checking the filter first (a refusal is raised before any row is sent). */
  async table(ctx: RequestContext, list: ExportList, filter: ExportFilter): Promise<ExportTable> {
    for (const key of ['asOf', 'from', 'to'] as const) {
      const value = filter[key];
      if (value !== undefined && !isCalendarDate(value)) {
        throw new BadInputError(`${key} must be a date (YYYY-MM-DD).`, key);
      }
    }
    const under = filter.unit ? (await this.units.get(ctx, { code: filter.unit })).id : undefined;
    const asOf = filter.asOf ?? ctx.today;
    switch (list) {
      case 'units':
        return this.unitTable(ctx, under, asOf);
      case 'people':
        return this.peopleTable(ctx, under);
      case 'mandates':
        return this.mandateTable(ctx, under);
      case 'meetings':
        return this.meetingTable(ctx, under, filter);
      case 'participants':
        return this.participantTable(ctx, under, filter);
      case 'outcomes':
        return this.outcomeTable(ctx, under);
    }
  }

  private unitTable(ctx: RequestContext, under: string | undefined, asOf: string): ExportTable {
    return {
      columns: [
        'code',
        'level',
        'parent_code',
        'name_ar',
        'name_fr',
        'territory_code',
        'founded_on',
        'dissolved_on',
        'id',
      ],
      rows: pages(
        ctx,
        (page, c) => this.units.list(c, { under }, asOf, page),
        async (c, rows) => {
          const parents = await loadAll(
            c,
            orgUnitById,
            rows.map((u) => u.parentId),
          );
          const territories = await loadAll(
            c,
            territoryById,
            rows.map((u) => u.territoryId),
          );
          return rows.map((u, i) => [
            u.code,
            u.level,
            parents[i]?.code ?? null,
            u.nameAr,
            u.nameFr,
            territories[i]?.code ?? null,
            u.foundedOn,
            u.dissolvedOn,
            u.id,
          ]);
        },
      ),
    };
  }

  private peopleTable(ctx: RequestContext, under: string | undefined): ExportTable {
    return {
      columns: ['id', 'full_name_ar', 'full_name_latin', 'gender', 'membership_number', 'home_unit_code'],
      rows: pages(
        ctx,
        (page, c) => this.people.list(c, { unit: under }, page),
        async (c, rows) => {
          const homes = await loadAll(
            c,
            orgUnitById,
            rows.map((p) => p.homeUnitId),
          );
          return rows.map((p, i) => [
            p.id,
            p.fullNameAr,
            p.fullNameLatin,
            p.gender,
            p.membershipNumber,
            homes[i]?.code ?? null,
          ]);
        },
      ),
    };
  }

  private mandateTable(ctx: RequestContext, under: string | undefined): ExportTable {
    return {
      columns: [
        'id',
        'unit_code',
        'role_code',
        'post_title_ar',
        'post_title_fr',
        'seat',
        'person_id',
        'person_name_ar',
        'person_name_latin',
        'starts_on',
        'attested_on',
        'ends_on',
        'status',
        'end_reason',
        'source',
      ],
      rows: pages(
        ctx,
        (page, c) => this.mandates.list(c, { under }, page),
        async (c, rows) => {
          const posts = await loadAll(
            c,
            positionById,
            rows.map((m) => m.positionId),
          );
          const units = await loadAll(
            c,
            orgUnitById,
            posts.map((p) => p?.orgUnitId),
          );
          const people = await loadAll(
            c,
            personById,
            rows.map((m) => m.personId),
          );
          return rows.map((m, i) => [
            m.id,
            units[i]?.code ?? null,
            posts[i]?.roleCode ?? null,
            posts[i]?.titleAr ?? null,
            posts[i]?.titleFr ?? null,
            m.seat,
            m.personId,
            people[i]?.fullNameAr ?? null,
            people[i]?.fullNameLatin ?? null,
            m.startsOn,
            m.attestedOn,
            m.endsOn,
            m.status,
            m.endReason,
            m.source,
          ]);
        },
      ),
    };
  }

  private meetingFilter(under: string | undefined, filter: ExportFilter) {
    return { unit: under, includeDescendants: true, from: filter.from, to: filter.to };
  }

  private meetingTable(ctx: RequestContext, under: string | undefined, filter: ExportFilter): ExportTable {
    return {
      columns: [
        'id',
        'held_on',
        'starts_at',
        'ends_at',
        'part_of_day',
        'kind',
        'status',
        'title_ar',
        'title_fr',
        'convener_code',
        'place',
        'territory_code',
        'summary_ar',
        'summary_fr',
        'participants',
      ],
      rows: pages(
        ctx,
        (page, c) => this.meetings.list(c, this.meetingFilter(under, filter), page),
        async (c, rows) => {
          const conveners = await loadAll(
            c,
            orgUnitById,
            rows.map((m) => m.conveningUnitId),
          );
          const territories = await loadAll(
            c,
            territoryById,
            rows.map((m) => m.territoryId),
          );
          const participants = await loader(c, participantsByMeeting, { person: 'names' }).loadMany(
            rows.map((m) => m.id),
          );
          return rows.map((m, i) => [
            m.id,
            m.heldOn,
            m.startsAt?.toISOString() ?? null,
            m.endsAt?.toISOString() ?? null,
            m.partOfDay,
            m.kind,
            m.status,
            m.titleAr,
            m.titleFr,
            conveners[i]?.code ?? null,
            m.place,
            territories[i]?.code ?? null,
            m.summaryAr,
            m.summaryFr,
            Array.isArray(participants[i]) ? participants[i].length : 0,
          ]);
        },
      ),
    };
  }

  private participantTable(
    ctx: RequestContext,
    under: string | undefined,
    filter: ExportFilter,
  ): ExportTable {
    return {
      columns: [
        'meeting_id',
        'held_on',
        'meeting_title_ar',
        'meeting_title_fr',
        'person_id',
        'person_name_ar',
        'person_name_latin',
        'guest_name',
        'role',
        'represented_unit_code',
        'invited',
        'attendance',
      ],
      rows: pages(
        ctx,
        (page, c) => this.meetings.list(c, this.meetingFilter(under, filter), page),
        async (c, meetings) => {
          const lists = await loader(c, participantsByMeeting, { person: 'names' }).loadMany(
            meetings.map((m) => m.id),
          );
          const all = meetings.flatMap((meeting, i) => {
            const list = lists[i];
            return Array.isArray(list) ? list.map((p) => ({ meeting, p })) : [];
          });
          const represented = await loadAll(
            c,
            orgUnitById,
            all.map(({ p }) => p.representedUnitId),
          );
          return all.map(({ meeting, p }, i) => [
            meeting.id,
            meeting.heldOn,
            meeting.titleAr,
            meeting.titleFr,
            p.personId,
            p.joined?.person?.fullNameAr ?? null,
            p.joined?.person?.fullNameLatin ?? null,
            p.guestName,
            p.role,
            represented[i]?.code ?? null,
            p.invited,
            p.attendance,
          ]);
        },
      ),
    };
  }

  private outcomeTable(ctx: RequestContext, under: string | undefined): ExportTable {
    return {
      columns: [
        'id',
        'meeting_id',
        'kind',
        'text_ar',
        'text_fr',
        'owner_person_id',
        'owner_unit_code',
        'due_on',
        'status',
        'closed_on',
      ],
      rows: pages(
        ctx,
        (page, c) => this.meetings.listOutcomes(c, { under }, page),
        async (c, rows) => {
          // An outcome may have several owners: people by id, units by code, each list joined by ';'.
          const owners = (
            await loadAll(
              c,
              ownersByOutcome,
              rows.map((o) => o.id),
            )
          ).map((list) => list ?? []);
          const unitIds = owners.flat().flatMap((owner) => (owner.orgUnitId ? [owner.orgUnitId] : []));
          const units = await loadAll(c, orgUnitById, unitIds);
          const codeOf = new Map(units.map((unit, i) => [unitIds[i], unit?.code ?? null]));
          return rows.map((o, i) => [
            o.id,
            o.meetingId,
            o.kind,
            o.textAr,
            o.textFr,
            owners[i].flatMap((owner) => (owner.personId ? [owner.personId] : [])).join(';') || null,
            owners[i]
              .flatMap((owner) => (owner.orgUnitId ? [codeOf.get(owner.orgUnitId) ?? ''] : []))
              .join(';') || null,
            o.dueOn,
            o.status,
            o.closedOn,
          ]);
        },
      ),
    };
  }
}

/**
 * The rows of a list, a page at a time: `read` answers one page (uncounted, see `pageOf`), `map` turns
 * its entities into rows. Each page gets loaders of its own, so nothing read earlier is kept.
 */
export async function* pages<T>(
  ctx: RequestContext,
  read: (page: Page, ctx: RequestContext) => Promise<[T[], number | null]>,
  map: (ctx: RequestContext, rows: T[]) => Promise<Cell[][]>,
): AsyncGenerator<Cell[]> {
  for (let after: string | null = null; ;) {
    const pageCtx: RequestContext = { ...ctx, loaders: new Map() };
    // Not counted: each page reads one row past its end instead, which tells whether another follows.
    const page: Page = { limit: EXPORT_PAGE, after, count: false };
    const [rows] = await read(page, pageCtx);
    yield* await map(pageCtx, rows.slice(0, EXPORT_PAGE));
    if (rows.length <= EXPORT_PAGE) return;
    after = page.cursors![EXPORT_PAGE - 1];
  }
}

/** Loads by id (skipping nulls) through a loader of the request; undefined where absent or hidden. */
async function loadAll<V>(
  ctx: RequestContext,
  definition: Parameters<typeof loader<string, V | undefined>>[1],
  ids: readonly (string | null | undefined)[],
): Promise<(V | undefined)[]> {
  const batch = loader(ctx, definition);
  return Promise.all(ids.map((id) => (id ? batch.load(id) : Promise.resolve(undefined))));
}
