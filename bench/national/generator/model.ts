import { OrgUnitLevel } from '../../../src/org-units/org-unit.entity';
import { MandateEndReason, MandateStatus } from '../../../src/positions/mandate.entity';
import { Bilingual } from './vocabulary';

/** A secretariat of the generated party, with what later phases attach to it. */
export interface Unit {
  /** Position in tree order (parents first). */
  ordinal: number;
  id: string;
  code: string;
  level: OrgUnitLevel;
  parent: Unit | null;
  children: Unit[];
  nameAr: string;
  nameFr: string;
  /** The place it is named after (commune, province, region or country). */
  place: Bilingual;
  territoryId: string;
  /** The day it was founded; nothing happens in it before. */
  foundedOn: number;
  /** People whose home unit this is (indices into the people table). */
  members: number[];
  posts: Post[];
}

/** A commune made up for a local unit: the reference data holds real ones only for Tangier–Asilah. */
export interface Commune {
  id: string;
  code: string;
  parentId: string;
  nameAr: string;
  nameFr: string;
}

export interface Post {
  id: string;
  unit: Unit;
  roleCode: string;
  titleAr: string;
  titleFr: string;
  seats: number;
  /** Per seat (index 0 = seat 1), its terms in time order, never overlapping. */
  terms: Term[][];
}

/** A mandate on one seat. Days are inclusive; `to` is Infinity while it runs on the last day of the data. */
export interface Term {
  id: string;
  person: number;
  seat: number;
  /** The first day of the term: its start, or the day it was attested when the start is unknown. */
  from: number;
  to: number;
  startsOn: number | null;
  attestedOn: number | null;
  status: MandateStatus;
  endReason: MandateEndReason | null;
  source: string | null;
}
