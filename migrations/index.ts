import { CoreRegistry1795942600000 } from './1795942600000-core-registry';
import { Meetings1795946400000 } from './1795946400000-meetings';
import { Access1795950000000 } from './1795950000000-access';
import { MandateTermIndex1795960000000 } from './1795960000000-mandate-term-index';
import { BoundedSearchText1795970000000 } from './1795970000000-bounded-search-text';
import { MeetingListBounds1795972600000 } from './1795972600000-meeting-list-bounds';
import { SessionFamily1795973100000 } from './1795973100000-session-family';
import { LoginAttempts1795973200000 } from './1795973200000-login-attempts';
import { AccountDeletion1795973300000 } from './1795973300000-account-deletion';
import { AccountLinks1796000000000 } from './1796000000000-account-links';
import { AuditEventTransaction1796100000000 } from './1796100000000-audit-event-transaction';
import { WhatTheSourceSays1796218091402 } from './1796218091402-what-the-source-says';
import { ConfirmedMandatesKnownVacancies1796218098995 } from './1796218098995-confirmed-mandates-known-vacancies';
import { NameSearch1796218199881 } from './1796218199881-name-search';
import { Imports1796218230390 } from './1796218230390-imports';
import { UnitAndPersonHistory1796218808901 } from './1796218808901-unit-and-person-history';
import { HistorySourcesAndReach1796219000000 } from './1796219000000-history-sources-and-reach';
import { PersonAttachedUnits1796231601476 } from './1796231601476-person-attached-units';
import { SeriesSearchIndex1796231601477 } from './1796231601477-series-search-index';
import { MandateListOrder1796231602100 } from './1796231602100-mandate-list-order';
import { DatabaseSettings1796300000000 } from './1796300000000-database-settings';
import { MeetingSearchWords1796310000000 } from './1796310000000-meeting-search-words';
import { MeetingConvenerIds1796310000001 } from './1796310000001-meeting-convener-ids';
import { MeetingVisibleUnits1796320000000 } from './1796320000000-meeting-visible-units';
import { MeetingSeriesReach1796324000000 } from './1796324000000-meeting-series-reach';
import { MeetingVisibleUnitsRefresh1796325000000 } from './1796325000000-meeting-visible-units-refresh';
import { MeetingUnitMeetingIds1796326000000 } from './1796326000000-meeting-unit-meeting-ids';
import { ListOrderIndexes1796327000000 } from './1796327000000-list-order-indexes';
import { MeetingUnitDays1796328000000 } from './1796328000000-meeting-unit-days';
import { MeetingUnitOrder1796329000000 } from './1796329000000-meeting-unit-order';
import { MeetingDayByMoroccosClock1796330000000 } from './1796330000000-meeting-day-by-moroccos-clock';

/** Every migration, in order. Listed explicitly so the app, the CLI and the tests run the same set. */
export const migrations = [
  CoreRegistry1795942600000,
  Meetings1795946400000,
  Access1795950000000,
  MandateTermIndex1795960000000,
  BoundedSearchText1795970000000,
  MeetingListBounds1795972600000,
  SessionFamily1795973100000,
  LoginAttempts1795973200000,
  AccountDeletion1795973300000,
  AccountLinks1796000000000,
  AuditEventTransaction1796100000000,
  WhatTheSourceSays1796218091402,
  ConfirmedMandatesKnownVacancies1796218098995,
  NameSearch1796218199881,
  Imports1796218230390,
  UnitAndPersonHistory1796218808901,
  HistorySourcesAndReach1796219000000,
  PersonAttachedUnits1796231601476,
  SeriesSearchIndex1796231601477,
  MandateListOrder1796231602100,
  DatabaseSettings1796300000000,
  MeetingSearchWords1796310000000,
  MeetingConvenerIds1796310000001,
  MeetingVisibleUnits1796320000000,
  MeetingSeriesReach1796324000000,
  MeetingVisibleUnitsRefresh1796325000000,
  MeetingUnitMeetingIds1796326000000,
  ListOrderIndexes1796327000000,
  MeetingUnitDays1796328000000,
  MeetingUnitOrder1796329000000,
  MeetingDayByMoroccosClock1796330000000,
];
