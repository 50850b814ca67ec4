import { migrations } from '../migrations';
import { Schema } from './database/data-source-options';
import { AuditEvent } from './audit/audit-event.entity';
import { AccessBinding, Account, ApiToken, Session } from './accounts/account.entity';
import {
  AgendaItem,
  Intervention,
  InterventionSpeaker,
  Meeting,
  MeetingSource,
  MeetingUnit,
  Outcome,
  OutcomeOwner,
  Participation,
} from './meetings/meeting.entity';
import { ContextEvent, MeetingContext } from './meetings/context-event.entity';
import { ElectedMandate } from './positions/elected-mandate.entity';
import { MeetingSeries, MeetingSeriesTarget } from './meetings/meeting-series.entity';
import { ImportBatch } from './interchange/import/import-batch.entity';
import { OrgUnit, OrgUnitPeriod } from './org-units/org-unit.entity';
import { NameAlias } from './org-units/name-alias.entity';
import { Person, PersonNamePeriod } from './people/person.entity';
import { Mandate, MandateConfirmation, SeatVacancy } from './positions/mandate.entity';
import { Position } from './positions/position.entity';
import { Role } from './positions/role.entity';
import { Territory } from './territories/territory.entity';

/**
 * Every entity and migration of the app, in one place: the database library knows none of them, the
 * app, the migration CLI and the tests hand this list to it.
 */
export const schema: Schema = {
  entities: [
    Territory,
    OrgUnit,
    NameAlias,
    OrgUnitPeriod,
    Role,
    Position,
    Person,
    PersonNamePeriod,
    Mandate,
    MandateConfirmation,
    SeatVacancy,
    Meeting,
    MeetingUnit,
    Participation,
    AgendaItem,
    Outcome,
    OutcomeOwner,
    Intervention,
    InterventionSpeaker,
    ContextEvent,
    MeetingContext,
    ElectedMandate,
    MeetingSource,
    MeetingSeries,
    MeetingSeriesTarget,
    Account,
    Session,
    AccessBinding,
    ApiToken,
    AuditEvent,
    ImportBatch,
  ],
  migrations,
};
