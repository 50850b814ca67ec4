/**
 * The Popolo document Tanzim writes and reads (popoloproject.com, schemas draft 3). Properties beyond
 * Popolo's are Tanzim's own (a mandate's seat and status, a meeting's part of day and participants):
 * Popolo's schemas allow extra properties, and an import needs them to give back the same registry.
 */

/** Identifier schemes used in `identifiers`. */
export const SCHEME = {
  unitCode: 'tanzim:unit-code',
  membership: 'tanzim:membership-number',
  iso: 'ISO 3166-2',
  hcp: 'HCP',
} as const;

export interface PopoloName {
  name: string;
  /** Which form: `ar` (Arabic script), `fr` (French), `latin` (a Latin transliteration). */
  note: string;
}

export interface PopoloIdentifier {
  identifier: string;
  scheme: string;
}

export interface PopoloOrganization {
  id: string;
  name: string;
  other_names: PopoloName[];
  identifiers: PopoloIdentifier[];
  classification: string;
  parent_id: string | null;
  area_id: string | null;
  founding_date: string | null;
  dissolution_date: string | null;
}

export interface PopoloArea {
  id: string;
  name: string;
  /** The territory's code (ISO 3166-2 where it has one, else HCP). */
  identifier: string;
  classification: string;
  identifiers: PopoloIdentifier[];
  other_names: PopoloName[];
}

export interface PopoloPost {
  id: string;
  label: string;
  other_label: string[];
  role: string;
  organization_id: string;
  seats: number;
}

export interface PopoloPerson {
  id: string;
  name: string | null;
  other_names: PopoloName[];
  gender: string | null;
  identifiers: PopoloIdentifier[];
}

export interface PopoloMembership {
  id: string;
  person_id: string;
  organization_id: string | null;
  post_id?: string;
  role: string | null;
  start_date?: string | null;
  end_date?: string | null;
  attested_on?: string | null;
  seat?: number;
  status?: string;
  end_reason?: string | null;
  source?: string | null;
}

export interface PopoloParticipant {
  person_id: string | null;
  guest_name: string | null;
  role: string;
  represented_organization_id: string | null;
  invited: boolean;
  attendance: string | null;
}

export interface PopoloEvent {
  id: string;
  name: string | null;
  description: string | null;
  /** The instant (UTC) when the hour is known, else the day alone. */
  start_date: string;
  end_date: string | null;
  location: string | null;
  status: string;
  classification: string;
  organization_id: string;
  attendees: { id: string; name: string | null }[];
  held_on: string;
  part_of_day: string | null;
  title_ar: string | null;
  title_fr: string | null;
  summary_ar: string | null;
  summary_fr: string | null;
  area_id: string | null;
  /** Units that took part other than the convener, with how. */
  units: { organization_id: string; role: string }[];
  participants: PopoloParticipant[];
}

export interface PopoloDocument {
  organizations: PopoloOrganization[];
  areas: PopoloArea[];
  posts: PopoloPost[];
  persons: PopoloPerson[];
  memberships: PopoloMembership[];
  events: PopoloEvent[];
}
