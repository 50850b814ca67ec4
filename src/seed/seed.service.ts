import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { searchText } from '../common/text';
import { SeedMode } from '../config/app-config';
import { DEMO_OFFICIALS, DEMO_UNITS, REPORT_DATE } from './demo-tangier';
import { referenceTerritories } from './reference-territories';

/**
 * Loads reference territories and the Tangier–Asilah demo on every start. Every insert is
 * `ON CONFLICT DO NOTHING` on a stable key (territory code, fixed demo ids), so a second run adds
 * nothing and never overwrites what administrators changed since.
 */
@Injectable()
export class SeedService {
  private readonly logger = new Logger(SeedService.name);

  constructor(private readonly dataSource: DataSource) {}

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
    for (const t of referenceTerritories()) {
      const rows: unknown[] = await manager.query(
        `INSERT INTO territory (code, iso_code, hcp_code, kind, parent_id, name_ar, name_fr, aliases, search_text)
         VALUES ($1, $2, $3, $4, (SELECT id FROM territory WHERE code = $5), $6, $7, $8, $9)
         ON CONFLICT (code) DO NOTHING RETURNING id`,
        [
          t.code,
          t.isoCode,
          t.hcpCode,
          t.kind,
          t.parentCode,
          t.nameAr,
          t.nameFr,
          t.aliases,
          searchText(t.nameAr, t.nameFr, t.aliases, t.isoCode, t.hcpCode),
        ],
      );
      added += rows.length;
    }
    return added;
  }

  private async seedDemo(manager: EntityManager): Promise<number> {
    let added = 0;
    const insert = async (sql: string, params: unknown[]) => {
      const rows: unknown[] = await manager.query(`${sql} ON CONFLICT (id) DO NOTHING RETURNING id`, params);
      added += rows.length;
    };
    for (const unit of DEMO_UNITS) {
      await insert(
        `INSERT INTO org_unit (id, code, level, parent_id, name_ar, name_fr, territory_id, search_text)
         VALUES ($1, $2, $3, (SELECT id FROM org_unit WHERE code = $4), $5, $6,
                 (SELECT id FROM territory WHERE code = $7), $8)`,
        [
          unit.id,
          unit.code,
          unit.level,
          unit.parentCode,
          unit.nameAr,
          unit.nameFr,
          unit.territoryCode,
          searchText(unit.nameAr, unit.nameFr, unit.code),
        ],
      );
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
      await insert(
        `INSERT INTO person (id, full_name_ar, full_name_latin, gender, home_unit_id, search_text)
         VALUES ($1, $2, $3, 'MALE', $4, $5)`,
        [
          official.personId,
          official.fullNameAr,
          official.fullNameLatin,
          unit.id,
          searchText(official.fullNameAr, official.fullNameLatin),
        ],
      );
      await insert(
        `INSERT INTO mandate (id, position_id, person_id, seat, attested_on, status, source)
         VALUES ($1, $2, $3, 1, $4, 'ACTIVE', $5)`,
        [official.mandateId, unit.secretary!.positionId, official.personId, REPORT_DATE, official.source],
      );
    }
    return added;
  }
}
