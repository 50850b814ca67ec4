import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { VersionedEntity } from '../common/versioned.entity';

export const GENDERS = ['FEMALE', 'MALE'] as const;
export type Gender = (typeof GENDERS)[number];

/** A member or official. Names in Arabic script and Latin transliteration; at least one is known. */
@Entity('person')
export class Person extends VersionedEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text', { name: 'full_name_ar', nullable: true }) fullNameAr: string | null;
  @Column('text', { name: 'full_name_latin', nullable: true }) fullNameLatin: string | null;
  @Column('text', { nullable: true }) gender: Gender | null;
  @Column('text', { name: 'membership_number', nullable: true }) membershipNumber: string | null;
  /** Tells two members with the same name apart when an import looks for likely duplicates. */
  @Column('smallint', { name: 'birth_year', nullable: true, select: false }) birthYear: number | null;
  @Column('uuid', { name: 'home_unit_id', nullable: true }) homeUnitId: string | null;
  /** The first day of the current name; null: always so named, as far as recorded. */
  @Column('date', { name: 'name_since', nullable: true }) nameSince: string | null;
  /** Contact data: personal, shown only to grants that see contacts. */
  @Column('text', { nullable: true }) phone: string | null;
  @Column('text', { nullable: true }) email: string | null;
  @Column('text', { nullable: true }) address: string | null;
  /** Folded names for search; written with the row, matched in SQL, never read back. */
  @Column('text', { name: 'search_text', select: false })
  searchText: string;
  /** The skeleton of each of those names (common/skeleton.ts): the same name in any script. */
  @Column('text', { name: 'search_key', select: false })
  searchKey: string;
}

/** A name a person bore for the days [validFrom, validUntil) (validFrom null: since the beginning). */
@Entity('person_name_period')
export class PersonNamePeriod {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'person_id' }) personId: string;
  @Column('text', { name: 'full_name_ar', nullable: true }) fullNameAr: string | null;
  @Column('text', { name: 'full_name_latin', nullable: true }) fullNameLatin: string | null;
  @Column('date', { name: 'valid_from', nullable: true }) validFrom: string | null;
  @Column('date', { name: 'valid_until' }) validUntil: string;
}
