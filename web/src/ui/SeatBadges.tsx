import { Badge, Group } from '@mantine/core';
import { defineMessages, useMessages } from '../i18n/i18n';

const messages = defineMessages({
  ar: {
    knownVacant: 'شاغر',
    knownVacantSeats: '{count} مقاعد شاغرة',
    holderUnknown: 'الشاغل غير معروف',
    holderUnknownSeats: '{count} مقاعد شاغلها غير معروف',
  },
  fr: {
    knownVacant: 'Vacant',
    knownVacantSeats: '{count} sièges vacants',
    holderUnknown: 'Titulaire inconnu',
    holderUnknownSeats: '{count} sièges au titulaire inconnu',
  },
});

/**
 * The free seats of a post, as the record knows them: a seat known to be vacant (a source says so) is
 * not the same fact as a seat whose holder no source names, and the two never read alike.
 */
export function SeatBadges({
  knownVacantSeats,
  holderUnknownSeats,
}: {
  knownVacantSeats: number;
  holderUnknownSeats: number;
}) {
  const t = useMessages(messages);
  return (
    <Group gap="xs">
      {knownVacantSeats > 0 && (
        <Badge color="red" variant="filled">
          {knownVacantSeats > 1 ? t('knownVacantSeats', { count: knownVacantSeats }) : t('knownVacant')}
        </Badge>
      )}
      {holderUnknownSeats > 0 && (
        <Badge color="gray" variant="outline" c="gray.8">
          {holderUnknownSeats > 1
            ? t('holderUnknownSeats', { count: holderUnknownSeats })
            : t('holderUnknown')}
        </Badge>
      )}
    </Group>
  );
}
