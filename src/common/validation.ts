import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Length, Matches, ValidateIf } from 'class-validator';

export const NAME_MAX_LENGTH = 200;
export const TEXT_MAX_LENGTH = 2000;

/** Trims strings; leaves other values (null, numbers) for the validators to judge. */
export const Trim = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/**
 * A nullable field in an update: absent = keep, null = clear, a value = set. Only a present, non-null
 * value is validated.
 */
export const OptionalValue = () => ValidateIf((_object, value) => value !== undefined && value !== null);

/** A name in Arabic script (it must contain Arabic letters), 1–200 characters after trimming. */
export function ArabicName(label: string) {
  return applyDecorators(
    Trim(),
    IsString(),
    Length(1, NAME_MAX_LENGTH, { message: `${label} must be 1 to ${NAME_MAX_LENGTH} characters long.` }),
    Matches(/\p{Script=Arabic}/u, { message: `${label} must be written in Arabic script.` }),
  );
}

/** A name in French or Latin transliteration (it must contain Latin letters), 1–200 characters. */
export function LatinName(label: string) {
  return applyDecorators(
    Trim(),
    IsString(),
    Length(1, NAME_MAX_LENGTH, { message: `${label} must be 1 to ${NAME_MAX_LENGTH} characters long.` }),
    Matches(/\p{Script=Latin}/u, { message: `${label} must be written in Latin letters.` }),
  );
}

/** Free text (a source, a note): trimmed, at most 2000 characters, optional. */
export function OptionalText(label: string) {
  return applyDecorators(
    Trim(),
    IsOptional(),
    IsString(),
    Length(1, TEXT_MAX_LENGTH, { message: `${label} must be 1 to ${TEXT_MAX_LENGTH} characters long.` }),
  );
}
