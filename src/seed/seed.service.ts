import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuthService } from '../accounts/auth.service';
import { searchColumns, searchText } from '../common/text';
import { SeedMode } from '../config/app-config';
import { seedCommuneKinds } from './commune-kinds';
import { DEMO_MEETING, DEMO_SERIES } from './demo-meeting';
import { moroccoDate } from '../common/morocco-time';
import {
  DEMO_ACCOUNTS,
  DEMO_CONFIRMATION_SOURCE,
  DEMO_OFFICIALS,
  DEMO_PASSWORD,
  DEMO_UNITS,
  REPORT_DATE,
} from './demo-tangier';
import { DEMO_CONGRESS, DEMO_INTERVENTIONS, DEMO_OUTCOME_OWNERS, DEMO_SERIES_REACH } from './demo-record';
import { insertReferenceTerritory, referenceTerritories } from './reference-territories';

/**
 * Loads reference territories and the Tangier–Asilah demo on every start. Every insert is
 * `ON CONFLICT DO NOTHING` on a stable key (territory code, fixed demo ids), so a second run adds
 * nothing and never overwrites what administrators changed since.
 */
@Injectable()
export class SeedService {
  private readonly logger = new Logger(SeedService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly auth: AuthService,
  ) {}

  async run(mode: SeedMode): Promise<void> {
    if (mode === 'none') return;
    await this.dataSource.transaction(async (manager) => {
      const territories = await this.seedTerritories(manager);
      const demo = mode === 'demo' ? await this.seedDemo(manager) : 0;
      if (territories + demo > 0) this.logger.log(`Seeded ${territories} territories and ${demo} demo rows`);
    });
  }

  private async seedTerritories(manager: EntityManager): Promise<number> {
    let added = 0;
    const territories = referenceTerritories();
    // Every start after the first finds them all: one query instead of one insert per territory.
    const [{ present }] = (await manager.query(
      `SELECT count(*)::int AS present FROM territory WHERE code = ANY($1)`,
      [territories.map((t) => t.code)],
    )) as { present: number }[];
    if (present === territories.length) return seedCommuneKinds(manager);
    for (const t of territories) added += await insertReferenceTerritory(manager, t);
    return added + (await seedCommuneKinds(manager));
  }

  private async seedDemo(manager: EntityManager): Promise<number> {
    let added = 0;
    const insert = async (sql: string, params: unknown[]) => {
      const rows: unknown[] = await manager.query(`${sql} ON CONFLICT DO NOTHING RETURNING 1`, params);
      added += rows.length;
    };
    for (const unit of DEMO_UNITS) {
      const aliases = unit.aliases ?? [];
      const search = searchColumns(unit.nameAr, unit.nameFr, unit.code, aliases);
      await insert(
        `INSERT INTO org_unit (id, code, level, parent_id, name_ar, name_fr, territory_id, search_text, search_key)
         VALUES ($1, $2, $3, (SELECT id FROM org_unit WHERE code = $4), $5, $6,
                 (SELECT id FROM territory WHERE code = $7), $8, $9)`,
        [
          unit.id,
          unit.code,
          unit.level,
          unit.parentCode,
          unit.nameAr,
          unit.nameFr,
          unit.territoryCode,
          search.searchText,
          search.searchKey,
        ],
      );
      for (const alias of aliases) {
        await insert(`INSERT INTO name_alias (org_unit_id, name) VALUES ($1, $2)`, [unit.id, alias]);
      }
      if (unit.secretary) {
        await insert(
          `INSERT INTO position (id, org_unit_id, role_code, title_ar, title_fr, seats)
           VALUES ($1, $2, 'SECRETARY_GENERAL', $3, $4, 1)`,
          [unit.secretary.positionId, unit.id, unit.secretary.titleAr, unit.secretary.titleFr],
        );
      }
    }
    for (const official of DEMO_OFFICIALS) {
      const unit = DEMO_UNITS.find((u) => u.code === official.unitCode)!;
      const search = searchColumns(official.fullNameAr, official.fullNameLatin);
      await insert(
        `INSERT INTO person (id, full_name_ar, full_name_latin, gender, home_unit_id, search_text, search_key)
         VALUES ($1, $2, $3, 'MALE', $4, $5, $6)`,
        [
          official.personId,
          official.fullNameAr,
          official.fullNameLatin,
          unit.id,
          search.searchText,
          search.searchKey,
        ],
      );
      await insert(
        `INSERT INTO mandate (id, position_id, person_id, seat, attested_on, status, source)
         VALUES ($1, $2, $3, 1, $4, 'ACTIVE', $5)`,
        [official.mandateId, unit.secretary!.positionId, official.personId, REPORT_DATE, official.source],
      );
      // The report alone would leave these mandates unconfirmed (and the demo accounts without access)
      // a year after 2020-11-02: the demo confirms them on the day it is loaded, and says so.
      await insert(
        `INSERT INTO mandate_confirmation (id, mandate_id, confirmed_on, source)
         SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM mandate WHERE id = $2 AND term @> CAST($3 AS date))`,
        [official.confirmationId, official.mandateId, moroccoDate(), DEMO_CONFIRMATION_SOURCE],
      );
    }
    added += await this.seedDemoMeeting(manager);
    added += await this.seedDemoRecord(manager);
    added += await this.seedDemoAccounts(manager);
    return added;
  }

  /** Accounts whose access comes from their posts, and a national administrator with a binding. */
  private async seedDemoAccounts(manager: EntityManager): Promise<number> {
    let added = 0;
    for (const demo of DEMO_ACCOUNTS) {
      const { id, created } = await this.auth.ensureAccount(
        manager,
        demo.email,
        DEMO_PASSWORD,
        demo.personId,
      );
      if (created) added++;
      if (demo.bindingId) {
        await manager.query(
          `INSERT INTO access_binding (id, account_id, org_unit_id, level, sees_contacts, valid_from)
           VALUES ($1, $2, NULL, 'ADMIN', true, '2020-01-01') ON CONFLICT DO NOTHING`,
          [demo.bindingId, id],
        );
      }
    }
    return added;
  }

  /** The report's meeting, in the provincial outreach series (see demo-meeting.ts). */
  private async seedDemoMeeting(manager: EntityManager): Promise<number> {
    let added = 0;
    const insert = async (sql: string, params: unknown[]) => {
      const rows: unknown[] = await manager.query(`${sql} ON CONFLICT DO NOTHING RETURNING 1`, params);
      added += rows.length;
    };
    const unit = `(SELECT id FROM org_unit WHERE code = $%)`;
    const at = (n: number) => unit.replace('%', String(n));
    const s = DEMO_SERIES;
    await insert(
      `INSERT INTO meeting_series (id, title_ar, title_fr, organizing_unit_id, target_level, target_root_id, search_text)
       VALUES ($1, $2, $3, ${at(4)}, $5, ${at(4)}, $6)`,
      [s.id, s.titleAr, s.titleFr, s.organizerCode, s.targetLevel, searchText(s.titleAr, s.titleFr)],
    );
    const m = DEMO_MEETING;
    await insert(
      `INSERT INTO meeting (id, kind, status, title_ar, title_fr, summary_ar, summary_fr, held_on, part_of_day,
                            territory_id, convening_unit_id, series_id, search_text)
       VALUES ($1, 'OUTREACH', 'HELD', $2, $3, $4, $5, $6, $7, (SELECT id FROM territory WHERE code = $8), ${at(9)}, $10, $11)`,
      [
        m.id,
        m.titleAr,
        m.titleFr,
        m.summaryAr,
        m.summaryFr,
        m.date,
        m.partOfDay,
        m.territoryCode,
        m.convenerCode,
        s.id,
        searchText(
          m.titleAr,
          m.titleFr,
          m.summaryAr,
          m.summaryFr,
          m.agenda.flatMap((a) => [a.titleAr, a.titleFr]),
        ),
      ],
    );
    for (const u of m.units) {
      await insert(`INSERT INTO meeting_unit (meeting_id, org_unit_id, role) VALUES ($1, ${at(2)}, $3)`, [
        m.id,
        u.code,
        u.role,
      ]);
    }
    for (const p of m.participants) {
      await insert(
        `INSERT INTO participation (id, meeting_id, person_id, role, mandate_id, represented_unit_id, invited, attendance)
         VALUES ($1, $2, $3, $4, $5, ${at(6)}, true, $7)`,
        [p.id, m.id, p.personId, p.role, p.mandateId, p.unitCode, p.attendance],
      );
    }
    for (const [i, a] of m.agenda.entries()) {
      await insert(
        `INSERT INTO agenda_item (id, meeting_id, position, title_ar, title_fr) VALUES ($1, $2, $3, $4, $5)`,
        [a.id, m.id, i + 1, a.titleAr, a.titleFr],
      );
    }
    for (const o of m.outcomes) {
      await insert(
        `INSERT INTO outcome (id, meeting_id, kind, text_ar, text_fr, status)
         VALUES ($1, $2, $3, $4, $5, 'OPEN')`,
        [o.id, m.id, o.kind, o.textAr, o.textFr],
      );
    }
    await insert(
      `INSERT INTO meeting_source (id, meeting_id, title, author, note) VALUES ($1, $2, $3, $4, $5)`,
      [m.source.id, m.id, m.source.title, m.source.author, m.source.note],
    );
    return added;
  }

  /**
   * What the report says beyond who met whom (see demo-record.ts): its owners, interventions and
   * cited congress are added once; the agenda's partial mark and the series' reach only while
   * nobody has changed those rows (version 1).
   */
  private async seedDemoRecord(manager: EntityManager): Promise<number> {
    let added = 0;
    const insert = async (sql: string, params: unknown[]) => {
      const rows: unknown[] = await manager.query(`${sql} ON CONFLICT DO NOTHING RETURNING 1`, params);
      added += rows.length;
    };
    const update = async (sql: string, params: unknown[]) => {
      const [{ changed }] = (await manager.query(
        `WITH changed AS (${sql} RETURNING 1) SELECT count(*)::int AS changed FROM changed`,
        params,
      )) as { changed: number }[];
      added += changed;
    };
    for (const o of DEMO_OUTCOME_OWNERS) {
      await insert(
        `INSERT INTO outcome_owner (id, outcome_id, position, person_id, org_unit_id)
         SELECT $1, $2, $3, $4, (SELECT id FROM org_unit WHERE code = $5)
          WHERE NOT EXISTS (SELECT 1 FROM outcome_owner WHERE outcome_id = $2 AND position = $3)`,
        [o.id, o.outcomeId, o.position, o.personId, o.unitCode],
      );
    }
    const m = DEMO_MEETING;
    await update(
      `UPDATE meeting SET agenda_partial = true WHERE id = $1 AND version = 1 AND NOT agenda_partial`,
      [m.id],
    );
    for (const [i, item] of DEMO_INTERVENTIONS.entries()) {
      await insert(
        `INSERT INTO intervention (id, meeting_id, position, kind, text_ar, text_fr)
         SELECT $1, $2, $3, $4, $5, $6
          WHERE NOT EXISTS (SELECT 1 FROM intervention WHERE meeting_id = $2 AND position = $3)`,
        [item.id, m.id, i + 1, item.kind, item.textAr, item.textFr],
      );
      for (const participationId of item.speakers) {
        await insert(
          `INSERT INTO intervention_speaker (intervention_id, participation_id)
           SELECT $1, $2 WHERE EXISTS (SELECT 1 FROM intervention WHERE id = $1)
                           AND EXISTS (SELECT 1 FROM participation WHERE id = $2)`,
          [item.id, participationId],
        );
      }
    }
    const c = DEMO_CONGRESS;
    await insert(
      `INSERT INTO context_event (id, kind, title_ar, title_fr, starts_on, ends_on, place, territory_id, org_unit_id, source)
       VALUES ($1, $2, $3, $4, $5, $6, $7, (SELECT id FROM territory WHERE code = $8),
               (SELECT id FROM org_unit WHERE code = $9), $10)`,
      [
        c.id,
        c.kind,
        c.titleAr,
        c.titleFr,
        c.startsOn,
        c.endsOn,
        c.place,
        c.territoryCode,
        c.unitCode,
        c.source,
      ],
    );
    await insert(
      `INSERT INTO meeting_context (meeting_id, event_id, relation, note)
       SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM meeting WHERE id = $1)`,
      [m.id, c.id, c.relation, c.note],
    );
    const r = DEMO_SERIES_REACH;
    await update(
      `UPDATE meeting_series SET target_territory_kind = $2, audiences = $4,
              target_territory_root_id = (SELECT id FROM territory WHERE code = $3)
        WHERE id = $1 AND version = 1 AND target_territory_kind IS NULL`,
      [r.seriesId, r.territoryKind, r.territoryRootCode, r.audiences],
    );
    return added;
  }
}
